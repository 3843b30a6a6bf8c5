export { type ParserOptions, type ParserOutput, parser } from './parser.js';

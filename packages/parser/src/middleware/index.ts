export {
  type ErrorHandler,
  type ParserMiddleware,
  type ParserOptions,
  type ParserOutput,
  parser,
} from './parser.js';

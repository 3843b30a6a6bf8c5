// Loaded with import() only by a processor that has a schema. Re-exporting the names used (rather than
// importing @lambkit/parser whole) lets a bundler keep just them.
export { DEFAULT_MAX_LENGTH, ParseError, parseJson, unmarshall } from '@lambkit/parser';

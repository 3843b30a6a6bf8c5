// Loaded with import() only by a processor that has a schema. Re-exporting the names used (rather than
// importing @lambkit/parser whole) lets a bundler keep just them: a handler bundle (esbuild, minified,
// from sources) is 21.1 KiB, not 32.5; parseJson, with its length, depth and prototype guards, is 2.0
// KiB of it.
export { DEFAULT_MAX_LENGTH, ParseError, parseJson, unmarshall } from '@lambkit/parser';

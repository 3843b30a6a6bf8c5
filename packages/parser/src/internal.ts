// What the Zod built-ins and helpers use of the root's code, imported only through this module. The
// build joins each exports entry into one file and puts code that several entries share into chunks,
// one chunk per set of entries sharing it: with every built-in reaching the root's code through this
// one module, that code lands in one chunk, and importing the root loads index.js and that chunk
// rather than six files (each extra file costs the root's import ~0.5 ms).
export { decodeBase64 } from './decode/base64.js';
export { gunzip } from './decode/gzip.js';
export { parseJson } from './decode/json.js';
export { describeProblem, ParseError } from './errors.js';
export { DEFAULT_MAX_LENGTH } from './options.js';
export { markTextPayload } from './text-payload.js';
export { type AttributeValue, unmarshall } from './unmarshall.js';

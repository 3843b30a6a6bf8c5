import type { StandardSchemaV1 } from '@standard-schema/spec';

// A registered symbol rather than a module-level WeakSet: the helpers and the envelopes can sit in
// different bundles (or two copies of the package) and still agree on the mark.
const TEXT_PAYLOAD = Symbol.for('@lambkit/parser.textPayload');

/**
 * Marks a schema that decodes the payload text itself (`JSONStringified(schema)`), so the envelopes
 * hand it the text, as Powertools' envelopes do, instead of the JSON they decode by default.
 *
 * @example
 * markTextPayload(z.string().transform(decode).pipe(schema));
 */
export function markTextPayload<S extends object>(schema: S): S {
  Object.defineProperty(schema, TEXT_PAYLOAD, { value: true });
  return schema;
}

/**
 * Whether `schema` was marked by {@link markTextPayload}.
 *
 * @example
 * if (wantsTextPayload(schema)) options = { ...options, payload: 'text' };
 */
export function wantsTextPayload(schema: StandardSchemaV1): boolean {
  return (schema as { [TEXT_PAYLOAD]?: boolean })[TEXT_PAYLOAD] === true;
}

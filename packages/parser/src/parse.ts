import type { StandardSchemaV1 } from '@standard-schema/spec';
import {
  type Envelope,
  type EnvelopeKind,
  type EnvelopeOutput,
  relocate,
  safeRun,
} from './envelopes/envelope.js';
import { type ParseOptions, type ResolvedParseOptions, resolveOptions } from './options.js';
import type { ParsedResult } from './result.js';
import { assertSchema, type SchemaOutput, validate } from './validate.js';

/**
 * The output of parse with `envelope` (or none) and `schema`. As in Powertools, an envelope type that
 * may be undefined (a middleware whose options TypeScript could not narrow) means no envelope.
 */
export type ParseOutput<S extends StandardSchemaV1, E extends Envelope | undefined> = undefined extends E
  ? SchemaOutput<S>
  : [E] extends [Envelope<infer K extends EnvelopeKind>]
    ? EnvelopeOutput<K, SchemaOutput<S>>
    : SchemaOutput<S>;

/**
 * Validates `event` with `schema`, or, given an envelope, unwraps and decodes the payload(s) first and
 * validates each. Returns the schema's typed output; throws a ParseError naming the bad field and
 * record. Pass `true` as the fourth argument for the safeParse result instead (Powertools' signature).
 *
 * @example
 * const orders = parse(event, SqsEnvelope, z.object({ orderId: z.string(), total: z.number() }));
 */
export function parse<S extends StandardSchemaV1, E extends Envelope | undefined = undefined>(
  event: unknown,
  envelope: E,
  schema: S,
  options?: ParseOptions | false,
): ParseOutput<S, E>;
export function parse<S extends StandardSchemaV1, E extends Envelope | undefined = undefined>(
  event: unknown,
  envelope: E,
  schema: S,
  safeParse: true,
): ParsedResult<unknown, ParseOutput<S, E>>;
export function parse(
  event: unknown,
  envelope: Envelope | undefined,
  schema: StandardSchemaV1,
  options?: ParseOptions | boolean,
): unknown {
  assertSchema(schema, 'schema');
  if (options === true) return safeParse(event, envelope, schema);
  return parseWith(event, envelope, schema, resolveOptions(options === false ? undefined : options));
}

/**
 * Like {@link parse}, but returns `{ success: true, data }` or `{ success: false, error, originalEvent }`
 * instead of throwing. With an envelope, every record is checked and the error lists the issues of all
 * bad records.
 *
 * @example
 * const result = safeParse(event, SqsEnvelope, orderSchema);
 * if (!result.success) console.log(result.error.message);
 */
export function safeParse<S extends StandardSchemaV1, E extends Envelope | undefined = undefined>(
  event: unknown,
  envelope: E,
  schema: S,
  options?: ParseOptions,
): ParsedResult<unknown, ParseOutput<S, E>> {
  assertSchema(schema, 'schema');
  return safeParseWith(event, envelope, schema, resolveOptions(options)) as ParsedResult<
    unknown,
    ParseOutput<S, E>
  >;
}

/**
 * parse with options resolved beforehand (the middleware resolves them once, at INIT).
 *
 * @example
 * parseWith(event, SqsEnvelope, schema, resolveOptions({ maxDepth: 32 }));
 */
export function parseWith(
  event: unknown,
  envelope: Envelope | undefined,
  schema: StandardSchemaV1,
  options: ResolvedParseOptions,
): unknown {
  if (envelope !== undefined) return envelope.run(event, schema, options, false);
  try {
    return validate(schema, event);
  } catch (error) {
    throw relocate(error, []);
  }
}

/**
 * safeParse with options resolved beforehand.
 *
 * @example
 * safeParseWith(event, SqsEnvelope, schema, resolveOptions(undefined));
 */
export function safeParseWith(
  event: unknown,
  envelope: Envelope | undefined,
  schema: StandardSchemaV1,
  options: ResolvedParseOptions,
): ParsedResult<unknown> {
  if (envelope !== undefined) return safeRun(envelope.run, event, schema, options);
  return safeRun(validateEvent, event, schema, options);
}

function validateEvent(event: unknown, schema: StandardSchemaV1): unknown {
  return validate(schema, event);
}

import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ParseError, PathSegment } from '../errors.js';
import type { ResolvedParseOptions } from '../options.js';
import { wantsTextPayload } from '../text-payload.js';
import { validate } from '../validate.js';
import { defineEnvelope, type Envelope, type EnvelopeKind, mergeFailures, relocate } from './envelope.js';

/** How an envelope over many records finds and decodes them. */
export interface RecordsSpec {
  /** The records of the event, checked to be an array (throws ParseError with absolute paths). */
  records(event: unknown, options: ResolvedParseOptions): readonly unknown[];
  /** Path of record `index` in the event, e.g. `['Records', 3]`; called only to report a failure. */
  recordPath(event: unknown, index: number): PathSegment[];
  /** Decodes one record's payload; errors carry paths relative to the record. */
  decode(record: unknown, options: ResolvedParseOptions): unknown;
  /** Path of the payload inside a record, e.g. `['body']`. */
  payloadPath: readonly PathSegment[];
  /** Validates a decoded payload (default: the schema on the payload). */
  check?(schema: StandardSchemaV1, payload: unknown): unknown;
}

/**
 * Defines an envelope that returns one parsed payload per record.
 *
 * @example
 * export const SqsEnvelope = defineRecordsEnvelope('SqsEnvelope', 'array', sqsSpec);
 */
export function defineRecordsEnvelope<K extends Exclude<EnvelopeKind, 'object'>>(
  name: string,
  kind: K,
  spec: RecordsSpec,
): Envelope<K> {
  const check = spec.check ?? validate;
  function runRecords(
    event: unknown,
    schema: StandardSchemaV1,
    given: ResolvedParseOptions,
    collectAll: boolean,
  ): unknown[] {
    const options = payloadOptions(schema, given);
    const records = spec.records(event, options);
    // The output reuses no input array: records stay as the event had them.
    const out = new Array(records.length);
    let failures: [ParseError, ...ParseError[]] | undefined;
    for (let i = 0; i < records.length; i++) {
      let decoded = false;
      try {
        const payload = spec.decode(records[i], options);
        decoded = true;
        out[i] = check(schema, payload);
      } catch (error) {
        // Paths are built only here, on failure, so a good record allocates nothing for them.
        const recordPath = spec.recordPath(event, i);
        const prefix = decoded ? [...recordPath, ...spec.payloadPath] : recordPath;
        const failure = relocate(error, prefix, i);
        if (!collectAll) throw failure;
        if (failures === undefined) failures = [failure];
        else failures.push(failure);
      }
    }
    if (failures !== undefined) throw mergeFailures(failures);
    return out;
  }
  return defineEnvelope(name, kind, runRecords);
}

/** How an envelope around one payload finds and decodes it. */
export interface PayloadSpec {
  /** Decodes the payload; errors carry paths from the event root. */
  decode(event: unknown, options: ResolvedParseOptions): unknown;
  /** Path of the payload in the event, e.g. `['body']` or `['detail']`. */
  payloadPath: readonly PathSegment[];
}

/**
 * Defines an envelope that returns the one payload of an event (API Gateway body, EventBridge detail).
 *
 * @example
 * export const EventBridgeEnvelope = definePayloadEnvelope('EventBridgeEnvelope', eventBridgeSpec);
 */
export function definePayloadEnvelope(name: string, spec: PayloadSpec): Envelope<'object'> {
  function runPayload(event: unknown, schema: StandardSchemaV1, given: ResolvedParseOptions): unknown {
    const options = payloadOptions(schema, given);
    let payload: unknown;
    try {
      payload = spec.decode(event, options);
    } catch (error) {
      throw relocate(error, []);
    }
    try {
      return validate(schema, payload);
    } catch (error) {
      throw relocate(error, spec.payloadPath);
    }
  }
  return defineEnvelope(name, 'object', runPayload);
}

/**
 * The options to decode payloads with for `schema`: a schema that parses the text itself
 * (`JSONStringified(schema)`, as Powertools users write) gets the text instead of decoded JSON. Only
 * such a schema pays for the copy of the options.
 */
function payloadOptions(schema: StandardSchemaV1, options: ResolvedParseOptions): ResolvedParseOptions {
  if (options.payload !== 'json' || !wantsTextPayload(schema)) return options;
  return { ...options, payload: 'text' };
}

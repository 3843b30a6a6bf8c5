import { describeType, ParseError, type PathSegment } from '../errors.js';
import type { ResolvedParseOptions } from '../options.js';
import { validate } from '../validate.js';
import { type KafkaRecordEntry, relocate } from './envelope.js';
import { decodeBase64Limited, decodeBase64Text, expectObject, stringField } from './fields.js';
import { defineRecordsEnvelope } from './records.js';

const VALUE = ['value'];

/**
 * Unwraps a Kafka event (Amazon MSK or self-managed): the records of every topic-partition, in order,
 * each with its `value` base64-decoded and parsed as JSON (or text / bytes) for your schema. A record
 * without a value (a tombstone) gives the schema `undefined`.
 *
 * @example
 * const orders = parse(event, KafkaEnvelope, orderSchema);
 */
export const KafkaEnvelope = /* @__PURE__ */ defineRecordsEnvelope('KafkaEnvelope', 'array', {
  records: flattenRecords,
  recordPath: kafkaRecordPath,
  decode: (record, options) => decodeValue(expectObject(record), options),
  payloadPath: VALUE,
});

/**
 * Like {@link KafkaEnvelope}, but returns each record whole: `{ topic, partition, offset, timestamp,
 * timestampType, key, value, headers }`, the value parsed by your schema, the key decoded from base64
 * to UTF-8 text and each header value from its bytes to UTF-8 text.
 *
 * @example
 * const records = parse(event, KafkaRecordsEnvelope, orderSchema);
 * records[0].key; // 'order-42'
 */
export const KafkaRecordsEnvelope = /* @__PURE__ */ defineRecordsEnvelope(
  'KafkaRecordsEnvelope',
  'kafkaRecords',
  {
    records: flattenRecords,
    recordPath: kafkaRecordPath,
    decode(record, options): KafkaRecordEntry<unknown> {
      const fields = expectObject(record);
      return {
        topic: stringField(fields, 'topic'),
        partition: numberField(fields, 'partition'),
        offset: numberField(fields, 'offset'),
        timestamp: numberField(fields, 'timestamp'),
        timestampType: stringField(fields, 'timestampType'),
        key: decodeKey(fields.key, options),
        value: decodeValue(fields, options),
        headers: decodeHeaders(fields.headers),
      };
    },
    payloadPath: VALUE,
    check(schema, payload) {
      const entry = payload as KafkaRecordEntry<unknown>;
      entry.value = validate(schema, entry.value);
      return entry;
    },
  },
);

function decodeValue(fields: Record<string, unknown>, options: ResolvedParseOptions): unknown {
  const value = fields.value;
  if (value === undefined || value === null) return undefined;
  try {
    return decodeBase64Text(value, options);
  } catch (error) {
    throw relocate(error, VALUE);
  }
}

function decodeKey(key: unknown, options: ResolvedParseOptions): string | undefined {
  if (key === undefined || key === null) return undefined;
  try {
    return decodeBase64Limited(key, options).toString('utf8');
  } catch (error) {
    throw relocate(error, ['key']);
  }
}

/** `[{ "name": [118, 49] }]`: each header value is the list of its bytes. */
function decodeHeaders(headers: unknown): Record<string, string>[] {
  if (headers === undefined || headers === null) return [];
  if (!Array.isArray(headers)) {
    throw new ParseError({ path: ['headers'], expected: 'array', received: describeType(headers) });
  }
  return headers.map((header, index) => {
    const entries = expectObject(header, ['headers', index]);
    const out: Record<string, string> = {};
    for (const name of Object.keys(entries)) {
      const bytes = entries[name];
      if (!Array.isArray(bytes) || !bytes.every(isByte)) {
        throw new ParseError({
          path: ['headers', index, name],
          expected: 'array of bytes',
          received: describeType(bytes),
        });
      }
      // defineProperty: a header named __proto__ stays a plain header.
      Object.defineProperty(out, name, {
        value: Buffer.from(bytes).toString('utf8'),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  });
}

function isByte(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255;
}

function numberField(fields: Record<string, unknown>, key: string): number {
  const value = fields[key];
  if (typeof value !== 'number') {
    throw new ParseError({ path: [key], expected: 'number', received: describeType(value) });
  }
  return value;
}

function topicPartitions(event: unknown): Record<string, unknown> {
  const records = expectObject(event).records;
  if (typeof records !== 'object' || records === null || Array.isArray(records)) {
    throw new ParseError({ path: ['records'], expected: 'object', received: describeType(records) });
  }
  return records as Record<string, unknown>;
}

function flattenRecords(event: unknown, _options: ResolvedParseOptions): unknown[] {
  const out: unknown[] = [];
  const partitions = topicPartitions(event);
  for (const key of Object.keys(partitions)) {
    const list = partitions[key];
    if (!Array.isArray(list)) {
      throw new ParseError({ path: ['records', key], expected: 'array', received: describeType(list) });
    }
    for (const record of list) out.push(record);
  }
  return out;
}

/** Finds record `index` of the flattened list again: ['records', 'mytopic-0', 2]. */
function kafkaRecordPath(event: unknown, index: number): PathSegment[] {
  const partitions = topicPartitions(event);
  let remaining = index;
  for (const key of Object.keys(partitions)) {
    const length = (partitions[key] as unknown[]).length;
    if (remaining < length) return ['records', key, remaining];
    remaining -= length;
  }
  return ['records'];
}

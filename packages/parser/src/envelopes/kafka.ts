import { describeType, ParseError, type PathSegment } from '../errors.js';
import type { ResolvedParseOptions } from '../options.js';
import { decodeBase64Text, expectObject } from './fields.js';
import { defineRecordsEnvelope } from './records.js';

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
  decode(record, options) {
    const value = expectObject(record).value;
    if (value === undefined || value === null) return undefined;
    try {
      return decodeBase64Text(value, options);
    } catch (error) {
      throw error instanceof ParseError ? error.withPrefix(['value']) : error;
    }
  },
  payloadPath: ['value'],
});

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

import { describeType, ParseError, type PathSegment } from '../errors.js';
import { relocate } from './envelope.js';
import { decodeBase64Text, expectObject, recordsOf } from './fields.js';
import { defineRecordsEnvelope } from './records.js';

const DATA = ['data'];

function decodeData(message: unknown, options: Parameters<typeof decodeBase64Text>[1]): unknown {
  try {
    return decodeBase64Text(expectObject(message).data, options);
  } catch (error) {
    throw relocate(error, DATA);
  }
}

/**
 * Unwraps an Amazon MQ for ActiveMQ event: each message's `data` is base64-decoded and parsed as JSON
 * (or given as text or bytes with `payload: 'text'` / `'bytes'`) for your schema.
 *
 * @example
 * const orders = parse(event, ActiveMqEnvelope, orderSchema);
 */
export const ActiveMqEnvelope = /* @__PURE__ */ defineRecordsEnvelope('ActiveMqEnvelope', 'array', {
  records: (event) => recordsOf(event, 'messages'),
  recordPath: (_event, index) => ['messages', index],
  decode: decodeData,
  payloadPath: DATA,
});

/**
 * Unwraps an Amazon MQ for RabbitMQ event: the messages of every queue (`rmqMessagesByQueue`, keyed
 * `queue::virtual-host`), in order, each with its `data` base64-decoded and parsed as JSON (or text /
 * bytes) for your schema.
 *
 * @example
 * const orders = parse(event, RabbitMqEnvelope, orderSchema);
 */
export const RabbitMqEnvelope = /* @__PURE__ */ defineRecordsEnvelope('RabbitMqEnvelope', 'array', {
  records: flattenQueues,
  recordPath: queueMessagePath,
  decode: decodeData,
  payloadPath: DATA,
});

function queues(event: unknown): Record<string, unknown> {
  const byQueue = expectObject(event).rmqMessagesByQueue;
  if (typeof byQueue !== 'object' || byQueue === null || Array.isArray(byQueue)) {
    throw new ParseError({
      path: ['rmqMessagesByQueue'],
      expected: 'object',
      received: describeType(byQueue),
    });
  }
  return byQueue as Record<string, unknown>;
}

function flattenQueues(event: unknown): unknown[] {
  const out: unknown[] = [];
  const byQueue = queues(event);
  for (const key of Object.keys(byQueue)) {
    const list = byQueue[key];
    if (!Array.isArray(list)) {
      throw new ParseError({
        path: ['rmqMessagesByQueue', key],
        expected: 'array',
        received: describeType(list),
      });
    }
    for (const message of list) out.push(message);
  }
  return out;
}

/** Finds message `index` of the flattened list again: ['rmqMessagesByQueue', 'test::/', 2]. */
function queueMessagePath(event: unknown, index: number): PathSegment[] {
  const byQueue = queues(event);
  let remaining = index;
  for (const key of Object.keys(byQueue)) {
    const length = (byQueue[key] as unknown[]).length;
    if (remaining < length) return ['rmqMessagesByQueue', key, remaining];
    remaining -= length;
  }
  return ['rmqMessagesByQueue'];
}

import { fail } from './merge.js';

/**
 * The bytes of a record payload: a string as UTF-8, bytes as they are, anything else JSON-encoded
 * (so `{ id: 1 }` becomes the bytes of '{"id":1}').
 */
export function payloadBytes(factory: string, field: string, payload: unknown): Buffer {
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  if (
    payload === undefined ||
    typeof payload === 'function' ||
    typeof payload === 'symbol' ||
    typeof payload === 'bigint' ||
    (typeof payload === 'number' && !Number.isFinite(payload))
  ) {
    fail(factory, field, 'a string, bytes or a JSON value', payload);
  }
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

/** The payload as Kinesis and Firehose put it in `data`: base64 of its bytes. */
export function payloadBase64(factory: string, field: string, payload: unknown): string {
  return payloadBytes(factory, field, payload).toString('base64');
}

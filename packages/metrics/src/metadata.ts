import { MAX_DOCUMENT_BYTES, RESERVED_DOCUMENT_BYTES } from './constants.js';
import { MetricsValidationError } from './errors.js';
import type { InvocationMetrics } from './invocation-metrics.js';
import { serializeMetadata } from './validate.js';

/**
 * Stores a metadata member, serialized now, refusing what would leave a document no room for its
 * metrics: metadata repeats in every document of a split, so it cannot be split itself.
 *
 * @example
 * storeMetadata(store, 'bookingId', '7051cd10');
 */
export function storeMetadata(store: InvocationMetrics, key: string, value: unknown): void {
  const member = `,${JSON.stringify(key)}:${serializeMetadata(key, value)}`;
  const previous = store.metadata?.get(key);
  const bytes =
    store.metadataBytes -
    (previous === undefined ? 0 : Buffer.byteLength(previous)) +
    Buffer.byteLength(member);
  const limit = MAX_DOCUMENT_BYTES - RESERVED_DOCUMENT_BYTES;
  if (bytes > limit) {
    throw new MetricsValidationError(
      `metadata "${key}"`,
      bytes,
      `bytes of metadata would not fit an EMF document beside its metrics (at most ${limit})`,
    );
  }
  (store.metadata ??= new Map()).set(key, member);
  store.metadataBytes = bytes;
}

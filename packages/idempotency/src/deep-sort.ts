function isRecord(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

// Powertools' comparator, kept as is (it never returns 0): keys that differ only in case keep the
// order V8's sort gives them with it, so the JSON, and so the key hash, is Powertools' own.
function caseInsensitive(a: string, b: string): number {
  return a.toLowerCase() < b.toLowerCase() ? -1 : 1;
}

/**
 * The payload with the keys of every object sorted case-insensitively, as Powertools sorts them
 * before hashing: two payloads that differ only in key order get the same idempotency key.
 */
export function deepSort(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(deepSort);
  if (!isRecord(data)) return data;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(data).sort(caseInsensitive)) sorted[key] = deepSort(data[key]);
  return sorted;
}

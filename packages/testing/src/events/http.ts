import { isPlainObject } from '@lambkit/core';
import { sourceIp, traceRoot } from './ids.js';
import { fail } from './merge.js';

// Pieces the HTTP-shaped events (API Gateway REST and HTTP APIs, ALB, function URLs) share.

export const USER_AGENT = 'curl/8.5.0';

/** What the caller looks like: where it connects from and its trace header. */
export interface Caller {
  ip: string;
  traceId: string;
}

export function newCaller(now: number): Caller {
  return { ip: sourceIp(), traceId: traceRoot(now) };
}

/** Request headers as a load balancer or API front end adds them, in lower case (HTTP APIs, ALB, URLs). */
export function lowerCaseHeaders(host: string, caller: Caller, port = '443'): Record<string, string> {
  return {
    accept: '*/*',
    host,
    'user-agent': USER_AGENT,
    'x-amzn-trace-id': caller.traceId,
    'x-forwarded-for': caller.ip,
    'x-forwarded-port': port,
    'x-forwarded-proto': port === '80' ? 'http' : 'https',
  };
}

/** The same headers as REST APIs pass them, with their original capitals. */
export function restHeaders(host: string, caller: Caller): Record<string, string> {
  return {
    Accept: '*/*',
    Host: host,
    'User-Agent': USER_AGENT,
    'X-Amzn-Trace-Id': caller.traceId,
    'X-Forwarded-For': caller.ip,
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  };
}

/** A header's value whatever its case, as a string (or undefined). */
export function headerValue(
  headers: Record<string, unknown> | null | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower && typeof value === 'string') return value;
  }
  return undefined;
}

/** Single values to the multi-value form REST APIs and ALB send beside them: { a: 'x' } -> { a: ['x'] }. */
export function toMultiValue(
  map: Record<string, string | undefined> | null | undefined,
): Record<string, string[]> | null {
  if (map == null) return null;
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(map)) if (value !== undefined) out[key] = [value];
  return out;
}

/**
 * The raw query string of an HTTP API event from its parsed parameters: HTTP APIs join repeated
 * parameters with commas, so 'a=1&a=2' arrives as { a: '1,2' } and is split back here.
 */
export function rawQueryString(params: Record<string, string | undefined> | undefined): string {
  if (!params) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const item of value.split(',')) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(item)}`);
  }
  return parts.join('&');
}

/** Rejects a map (headers, query parameters) whose values are not strings. */
export function checkStringMap(factory: string, field: string, value: unknown, list = false): void {
  if (value === undefined || value === null) return;
  if (!isPlainObject(value)) fail(factory, field, 'an object', value);
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    if (list) {
      if (!Array.isArray(entry) || entry.some((item) => typeof item !== 'string')) {
        fail(factory, `${field}.${key}`, 'an array of strings', entry);
      }
    } else if (typeof entry !== 'string') {
      fail(factory, `${field}.${key}`, 'a string', entry);
    }
  }
}

/** Rejects a body that is not a string (JSON-encode objects first, as the client would). */
export function checkBody(factory: string, body: unknown, nullable: boolean): void {
  if (body === undefined || (nullable && body === null) || typeof body === 'string') return;
  fail(
    factory,
    'body',
    nullable ? 'a string or null (JSON.stringify objects)' : 'a string (JSON.stringify objects)',
    body,
  );
}

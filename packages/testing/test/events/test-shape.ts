// Test helpers: the shape of an event (its keys, deeply, and the type of every value) so a factory's
// output can be compared with AWS's documented sample without comparing generated values.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Keys whose values are maps of the sender's names: only the types of their values are compared. */
export const DEFAULT_MAP_KEYS = [
  'headers',
  'multiValueHeaders',
  'queryStringParameters',
  'multiValueQueryStringParameters',
  'pathParameters',
  'stageVariables',
  'messageAttributes',
  'MessageAttributes',
  'claims',
  'Keys',
  'NewImage',
  'OldImage',
];

type Shape = string | Shape[] | { [key: string]: Shape };

function uniqueShapes(shapes: Shape[]): Shape[] {
  const seen = new Map<string, Shape>();
  for (const shape of shapes) seen.set(JSON.stringify(shape), shape);
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, shape]) => shape);
}

/**
 * The shape of a JSON value: 'string' | 'number' | 'boolean' | 'null' for leaves, the distinct shapes
 * of an array's items, an object's keys (sorted) with their shapes, and for map keys only the distinct
 * shapes of the values.
 */
export function shapeOf(value: unknown, mapKeys: readonly string[] = DEFAULT_MAP_KEYS, key = ''): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return ['array', ...uniqueShapes(value.map((item) => shapeOf(item, mapKeys)))];
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (mapKeys.includes(key)) {
      return { '{map}': ['values', ...uniqueShapes(entries.map(([, v]) => shapeOf(v, mapKeys)))] };
    }
    const shape: Record<string, Shape> = {};
    for (const [k, v] of entries.sort(([a], [b]) => a.localeCompare(b))) shape[k] = shapeOf(v, mapKeys, k);
    return shape;
  }
  return typeof value;
}

/** A JSON round trip: what the handler receives once Lambda has serialized the event. */
export function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A documented sample event from src/events/__fixtures__ (sources listed in its README.md). */
export function loadFixture<T = any>(name: string): T {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../src/events/__fixtures__/${name}`, import.meta.url)), 'utf8'),
  );
}

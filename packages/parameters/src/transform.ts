import { isBase64 } from '@lambkit/core';
import { TransformParameterError } from './errors.js';
import type { Transform } from './types.js';

const decoder = new TextDecoder('utf-8');

/**
 * The transform that applies to `name`: 'auto' becomes 'json' for a name ending in .json, 'binary'
 * for .binary (in any case), and nothing otherwise.
 *
 * @example
 * effectiveTransform('auto', '/app/config.json'); // 'json'
 */
export function effectiveTransform(
  transform: Transform | undefined,
  name: string,
): 'json' | 'binary' | undefined {
  if (transform !== 'auto') return transform;
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.binary')) return 'binary';
  return undefined;
}

/**
 * Applies a transform as Powertools does: bytes are read as UTF-8 first; 'json' parses, 'binary'
 * decodes base64 to UTF-8 text. A failure throws TransformParameterError naming `name` and the
 * transform, and never quoting the value (JSON.parse's own message quotes it, so it is not kept).
 *
 * @example
 * transformValue('{"a":1}', 'json', '/app/config'); // { a: 1 }
 */
export function transformValue(
  value: string | Uint8Array,
  transform: 'json' | 'binary',
  name: string,
): unknown {
  const text = typeof value === 'string' ? value : decoder.decode(value);
  if (transform === 'json') {
    try {
      return JSON.parse(text);
    } catch {
      throw new TransformParameterError(transform, 'the value is not valid JSON', name);
    }
  }
  const compact = text.trim();
  if (!isBase64(compact)) throw new TransformParameterError(transform, 'the value is not valid base64', name);
  return decoder.decode(Buffer.from(compact, 'base64'));
}

/**
 * Resolves `transform` for `name` and applies it, or returns the value as it is.
 *
 * @example
 * applyTransform('aGk=', 'auto', '/app/greeting.binary'); // 'hi'
 */
export function applyTransform(
  value: string | Uint8Array,
  transform: Transform | undefined,
  name: string,
): unknown {
  const effective = effectiveTransform(transform, name);
  return effective === undefined ? value : transformValue(value, effective, name);
}

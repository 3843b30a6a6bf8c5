import { stableHash } from '@lambkit/core';
import type { BaseGetOptions } from './types.js';

// The AWS SDK mutates the configuration it is given once it sends (it adds `$source` to static
// credentials), so a configuration's content hash changes after first use. A configuration object is
// therefore hashed once, when first seen, and remembered by identity. Equal configurations given as
// different objects still share one id, and cache keys hold that short id, never the configuration
// (which may hold credentials).
const idsByObject = new WeakMap<object, string>();
const idsByContent = new Map<string, string>();

function idOf(value: object, byContent: boolean): string {
  let id = idsByObject.get(value);
  if (id !== undefined) return id;
  const content = byContent ? stableHash(value) : undefined;
  id = content === undefined ? undefined : idsByContent.get(content);
  if (id === undefined) {
    id = `c${idsByContent.size + 1}`;
    idsByContent.set(content ?? `#${id}`, id);
  }
  idsByObject.set(value, id);
  return id;
}

/**
 * A short, stable id of the SDK client a call would use ('' for the default one): equal for equal
 * `clientConfig` contents, distinct for each `awsSdkV3Client` instance.
 *
 * @example
 * sdkClientId({ clientConfig: { region: 'eu-west-1' } }); // 'c1'
 */
export function sdkClientId(options: BaseGetOptions): string {
  const { clientConfig, awsSdkV3Client } = options;
  if (clientConfig === undefined && awsSdkV3Client === undefined) return '';
  const config = clientConfig === undefined ? '' : idOf(clientConfig, true);
  return awsSdkV3Client === undefined ? config : `${config}/${idOf(awsSdkV3Client, false)}`;
}

/**
 * A short, stable id of an options object whose content changes the value (`sdkOptions`): '' when
 * there is none, equal ids for equal contents. Keeps the object itself out of cache keys.
 *
 * @example
 * contentId({ WithDecryption: true }); // 'c2'
 */
export function contentId(value: object | undefined): string {
  return value === undefined ? '' : idOf(value, true);
}

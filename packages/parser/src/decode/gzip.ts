// Aliased: an ES module bundle keeps an external builtin's import name, and the banner many esbuild
// setups add (`import { createRequire } from 'module'`) would then declare it twice.
import { createRequire as createBuiltinRequire } from 'node:module';
import type * as Zlib from 'node:zlib';
import { ParseError, type PathSegment } from '../errors.js';

let zlib: typeof Zlib | undefined;

/**
 * node:zlib costs ~1 ms to load, and only the CloudWatch Logs envelope needs it, so it loads on first
 * use. Node builtins resolve from any base path, so the working directory serves in ES modules and
 * CommonJS alike.
 */
function loadZlib(): typeof Zlib {
  zlib ??=
    (process.getBuiltinModule?.('node:zlib') as typeof Zlib | undefined) ??
    (createBuiltinRequire(`${process.cwd()}/`)('node:zlib') as typeof Zlib);
  return zlib;
}

/**
 * Gunzips `bytes`, refusing output longer than `maxLength` bytes (a gzip bomb stops there), and turns
 * a corrupt stream into a ParseError at `path` with zlib's error as its cause.
 *
 * @example
 * gunzip(decodeBase64(event.awslogs.data, ['awslogs', 'data']), ['awslogs', 'data'], 6 * 1024 * 1024);
 */
export function gunzip(bytes: Uint8Array, path: readonly PathSegment[], maxLength: number): Buffer {
  try {
    return loadZlib().gunzipSync(bytes, { maxOutputLength: Math.max(maxLength, 1) });
  } catch (cause) {
    // zlib stops at maxOutputLength with a RangeError coded ERR_BUFFER_TOO_LARGE.
    const tooLong = (cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new ParseError({
      path,
      expected: tooLong ? `gzip data inflating to at most ${maxLength} bytes` : 'gzip data',
      received: tooLong ? 'larger output' : 'corrupt or truncated gzip data',
      cause,
    });
  }
}

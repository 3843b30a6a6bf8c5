import { describeType } from '@lambkit/core';
import { S3KeyDecodeError, type S3KeyDecodeReason } from './s3-key-decode-error.js';

const PERCENT = 0x25;

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** The byte written as "%XX" at `at`, or -1 when there is no complete escape there. */
function escapedByte(key: string, at: number): number {
  if (at + 2 >= key.length || key.charCodeAt(at) !== PERCENT) return -1;
  const high = hexDigit(key.charCodeAt(at + 1));
  const low = hexDigit(key.charCodeAt(at + 2));
  return high < 0 || low < 0 ? -1 : (high << 4) | low;
}

function fail(key: string, offset: number, reason: S3KeyDecodeReason): never {
  throw new S3KeyDecodeError(key, offset, reason);
}

/**
 * Decodes the UTF-8 sequence of escapes starting at `start` (a "%") and returns its code point.
 * Strict UTF-8 (RFC 3629): overlong forms, surrogates and values above U+10FFFF are rejected at the
 * first byte that makes them so, which is the offset the error reports.
 */
function decodeSequence(key: string, start: number): number {
  const lead = escapedByte(key, start);
  if (lead < 0) fail(key, start, 'incomplete-escape');
  if (lead < 0x80) return lead;
  let need: number;
  let codePoint: number;
  // Allowed range of the second byte; later continuation bytes are always 0x80..0xBF.
  let min = 0x80;
  let max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    need = 1;
    codePoint = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    need = 2;
    codePoint = lead & 0x0f;
    if (lead === 0xe0) min = 0xa0;
    else if (lead === 0xed) max = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    need = 3;
    codePoint = lead & 0x07;
    if (lead === 0xf0) min = 0x90;
    else if (lead === 0xf4) max = 0x8f;
  } else {
    return fail(key, start, lead <= 0xbf ? 'unexpected-continuation-byte' : 'invalid-lead-byte');
  }
  let at = start + 3;
  for (let n = 0; n < need; n++, at += 3) {
    const byte = escapedByte(key, at);
    if (byte < 0) {
      // A "%" here with bad or missing digits is a broken escape; anything else ends the sequence early.
      const startsEscape = at < key.length && key.charCodeAt(at) === PERCENT;
      fail(key, at, startsEscape ? 'incomplete-escape' : 'truncated-sequence');
    }
    if (byte < min || byte > max) fail(key, at, 'invalid-continuation-byte');
    min = 0x80;
    max = 0xbf;
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  return codePoint;
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** The slow path: the key has at least one "%". Copies runs of plain characters in one slice each. */
function decodeEscapes(key: string): string {
  let out = '';
  let runStart = 0;
  let i = 0;
  const length = key.length;
  while (i < length) {
    const code = key.charCodeAt(i);
    if (code === 0x2b) {
      out += `${key.slice(runStart, i)} `;
      runStart = ++i;
    } else if (code === PERCENT) {
      const codePoint = decodeSequence(key, i);
      out += key.slice(runStart, i) + String.fromCodePoint(codePoint);
      i += 3 * utf8Length(codePoint);
      runStart = i;
    } else {
      i++;
    }
  }
  return out + key.slice(runStart);
}

/**
 * Decodes an S3 object key as S3 writes it into event notifications (form URL encoding): "+" becomes a
 * space, then "%XX" escapes are decoded as UTF-8. So "my+file%281%29.jpg" becomes "my file(1).jpg",
 * "a%2Bb" becomes "a+b" and "%25" becomes "%". A key without "%" or "+" is returned as is, without
 * copying.
 *
 * Throws S3KeyDecodeError (and no other error) when the key is not valid URL encoding, naming the key
 * and the offset of the first malformed byte.
 *
 * @example
 * decodeS3Key('photos/%E5%A4%8F+2024.jpg'); // 'photos/夏 2024.jpg'
 */
export function decodeS3Key(key: string): string {
  if (typeof key !== 'string') {
    throw new TypeError(`decodeS3Key expects the key as a string, got ${describeType(key)}`);
  }
  // Fast path: most keys have neither character; indexOf is a native scan (figures in docs/s3.md).
  if (key.indexOf('%') === -1) return key.indexOf('+') === -1 ? key : key.replaceAll('+', ' ');
  return decodeEscapes(key);
}

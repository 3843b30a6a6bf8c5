import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import { decodeBase64 } from './base64.js';

describe('decodeBase64', () => {
  it('decodes a payload of 6 MiB of base64 text without running out of stack', () => {
    const bytes = Buffer.alloc((6 * 1024 * 1024 * 3) / 4, 7);
    const text = bytes.toString('base64');
    expect(decodeBase64(text, ['Records', 0, 'kinesis', 'data']).equals(bytes)).toBe(true);
  });

  it('refuses a large payload with one character outside the alphabet, at its path', () => {
    const text = `${Buffer.alloc(3 * 1024 * 1024)
      .toString('base64')
      .slice(0, -4)}AA-A`;
    expect(() => decodeBase64(text, ['Records', 1, 'kinesis', 'data'], 1)).toThrow(ParseError);
    expect(() => decodeBase64(text, ['Records', 1, 'kinesis', 'data'], 1)).toThrow(
      /Records\[1\]\.kinesis\.data/,
    );
  });
});

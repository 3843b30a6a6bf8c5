import { encodeS3EventKey as encodeAsS3Does } from '@lambkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeS3Key } from './decode-s3-key.js';
import { S3KeyDecodeError } from './s3-key-decode-error.js';

// Any key S3 can hold: any Unicode text (valid UTF-16, so it has a UTF-8 form), short and long.
const anyKey = fc.string({ unit: 'binary', maxLength: 200 });

// The bytes where UTF-8's rules change (ASCII end, continuation range, overlong, surrogate and
// U+10FFFF limits, bytes that never occur), so that rare sequences come up in every run.
const boundaryByte = fc.constantFrom(
  0x00,
  0x2b,
  0x2f,
  0x7f,
  0x80,
  0x8f,
  0x90,
  0x9f,
  0xa0,
  0xbf,
  0xc0,
  0xc1,
  0xc2,
  0xdf,
  0xe0,
  0xed,
  0xef,
  0xf0,
  0xf4,
  0xf5,
  0xff,
);
const percentEscape = fc
  .oneof(boundaryByte, fc.integer({ min: 0, max: 255 }))
  .map((byte) => `%${byte.toString(16).padStart(2, '0')}`);

// Text that is mostly escapes, hex digits and "+": where the decoder's edge cases are.
const escapeHeavy = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: percentEscape },
      { weight: 1, arbitrary: fc.constantFrom('%', '+', '/', 'a', 'é') },
      { weight: 1, arbitrary: fc.constantFrom(...'0123456789abcdefABCDEFxyzG'.split('')) },
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

/** Broken fragments and the offset, inside the fragment, of their first malformed byte. */
const brokenFragment = fc.constantFrom(
  ['%', 0],
  ['%4', 0],
  ['%G0', 0],
  ['%80', 0],
  ['%C0%80', 0],
  ['%F5%80%80%80', 0],
  ['%C3', 3],
  ['%E0%A4', 6],
  ['%E0%A4%A', 6],
  ['%C3%28', 3],
  ['%E0%80%80', 3],
  ['%ED%BF%BF', 3],
  ['%F4%90%80%80', 3],
  ['%F0%9F%98', 9],
) as fc.Arbitrary<[string, number]>;

function outcome(run: () => string): { value: string } | { error: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

describe('decodeS3Key properties', () => {
  it('decodes any key encoded as S3 encodes it back to the key', () => {
    fc.assert(
      fc.property(anyKey, (key) => {
        expect(decodeS3Key(encodeAsS3Does(key))).toBe(key);
      }),
    );
  });

  it('decodes any key back also when "/" is escaped and the hex digits are lower-case', () => {
    fc.assert(
      fc.property(anyKey, (key) => {
        expect(decodeS3Key(encodeAsS3Does(key, { encodeSlash: true, lowerCaseHex: true }))).toBe(key);
      }),
    );
  });

  it('accepts and rejects exactly what decodeURIComponent accepts and rejects, with the same result', () => {
    fc.assert(
      fc.property(escapeHeavy, (key) => {
        const ours = outcome(() => decodeS3Key(key));
        const platform = outcome(() => decodeURIComponent(key.replaceAll('+', ' ')));

        expect(ours).toEqual('value' in platform ? platform : { error: 'S3KeyDecodeError' });
      }),
      { numRuns: 2000 },
    );
  });

  it('fails on malformed input only ever with S3KeyDecodeError', () => {
    fc.assert(
      fc.property(fc.oneof(escapeHeavy, fc.string({ unit: 'binary' })), (key) => {
        const result = outcome(() => decodeS3Key(key));

        expect('value' in result || result.error === 'S3KeyDecodeError').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reports the offset of the first malformed byte after any valid prefix', () => {
    fc.assert(
      fc.property(anyKey, brokenFragment, anyKey, (before, [fragment, offsetInFragment], after) => {
        const prefix = encodeAsS3Does(before);
        // The "/" keeps the encoded suffix from completing the broken fragment.
        const key = `${prefix}${fragment}/${encodeAsS3Does(after)}`;

        let error: unknown;
        try {
          decodeS3Key(key);
        } catch (caught) {
          error = caught;
        }

        expect(error).toBeInstanceOf(S3KeyDecodeError);
        expect({ key: (error as S3KeyDecodeError).key, offset: (error as S3KeyDecodeError).offset }).toEqual({
          key,
          offset: prefix.length + offsetInFragment,
        });
      }),
    );
  });
});

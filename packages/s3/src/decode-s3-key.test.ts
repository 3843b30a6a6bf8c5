import { describe, expect, it } from 'vitest';
import { decodeS3Key } from './decode-s3-key.js';
import { S3KeyDecodeError } from './s3-key-decode-error.js';

function decodeError(key: string): S3KeyDecodeError {
  try {
    decodeS3Key(key);
  } catch (error) {
    if (error instanceof S3KeyDecodeError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(key)} to be rejected`);
}

describe('decodeS3Key', () => {
  it('returns a key without "%" or "+" as it is', () => {
    expect(decodeS3Key('logs/2024-01-01/app.log')).toBe('logs/2024-01-01/app.log');
  });

  it('turns "+" into a space, as S3 writes "red flower.jpg" as "red+flower.jpg"', () => {
    expect(decodeS3Key('red+flower.jpg')).toBe('red flower.jpg');
  });

  it('decodes "my+file%281%29.jpg" to "my file(1).jpg"', () => {
    expect(decodeS3Key('my+file%281%29.jpg')).toBe('my file(1).jpg');
  });

  it('decodes "%2B" to a literal "+" after turning "+" into spaces', () => {
    expect(decodeS3Key('c%2B%2B+notes.txt')).toBe('c++ notes.txt');
  });

  it('decodes "%25" to "%" once, so "%2525" becomes "%25"', () => {
    expect(decodeS3Key('100%25%2525.csv')).toBe('100%%25.csv');
  });

  it('decodes a Japanese file name written as UTF-8 escapes', () => {
    expect(decodeS3Key('%E5%86%99%E7%9C%9F/%E5%A4%8F+2024.jpg')).toBe('写真/夏 2024.jpg');
  });

  it('decodes a four-byte sequence to a character outside the BMP', () => {
    expect(decodeS3Key('%F0%9F%98%80.png')).toBe('😀.png');
  });

  it('accepts lower-case hexadecimal digits', () => {
    expect(decodeS3Key('a%2fb%c3%a9')).toBe('a/bé');
  });

  it('keeps characters that arrive unescaped, non-ASCII ones included', () => {
    expect(decodeS3Key('été%2F~[x]')).toBe('été/~[x]');
  });

  it('rejects a key that is not a string with a TypeError naming the type', () => {
    expect(() => decodeS3Key(42 as unknown as string)).toThrow(
      new TypeError('decodeS3Key expects the key as a string, got number'),
    );
  });

  it('rejects a null key with a TypeError that says null, not object', () => {
    expect(() => decodeS3Key(null as unknown as string)).toThrow(
      new TypeError('decodeS3Key expects the key as a string, got null'),
    );
  });

  // The first and last code point of each UTF-8 length: an off-by-one in the length of the sequence
  // skips or re-reads an escape, so the byte after it is read as a broken continuation.
  it.each([
    ['%C2%80', '0080'],
    ['%DF%BF', '07FF'],
    ['%E0%A0%80', '0800'],
    ['%ED%9F%BF', 'D7FF'],
    ['%EF%BF%BF', 'FFFF'],
    ['%F0%90%80%80', '10000'],
    ['%F4%8F%BF%BF', '10FFFF'],
  ])('decodes %s, at a boundary of the UTF-8 lengths, to U+%s and reads on after it', (escapes, hex) => {
    expect(decodeS3Key(`a${escapes}%41`)).toBe(`a${String.fromCodePoint(Number.parseInt(hex, 16))}A`);
  });
});

describe('decodeS3Key on malformed keys', () => {
  it.each([
    ['a lone "%"', '%', 0, 'incomplete-escape'],
    ['a "%" at the end', 'report%', 6, 'incomplete-escape'],
    ['a "%" with one digit', 'report%4', 6, 'incomplete-escape'],
    ['a "%" followed by a non-hex digit', 'a%G1.txt', 1, 'incomplete-escape'],
    ['"%E0%A4%A" (the last escape cut short)', '%E0%A4%A', 6, 'incomplete-escape'],
    ['"%E0%A4" (a three-byte sequence ending after two)', '%E0%A4', 6, 'truncated-sequence'],
    ['a lead byte followed by a plain character', '%C3x', 3, 'truncated-sequence'],
    ['a lead byte followed by "+"', '%C3+', 3, 'truncated-sequence'],
    ['a lead byte followed by an ASCII escape', '%C3%28', 3, 'invalid-continuation-byte'],
    ['a continuation byte with no lead byte', 'x%80', 1, 'unexpected-continuation-byte'],
    ['the overlong two-byte form of "/"', '%C0%AF', 0, 'invalid-lead-byte'],
    ['an overlong three-byte form', '%E0%80%AF', 3, 'invalid-continuation-byte'],
    ['an encoded UTF-16 surrogate', '%ED%A0%80', 3, 'invalid-continuation-byte'],
    ['a code point above U+10FFFF', '%F4%90%80%80', 3, 'invalid-continuation-byte'],
    ['the byte 0xF5', '%F5%80%80%80', 0, 'invalid-lead-byte'],
    ['the byte 0xFF', 'a%FF', 1, 'invalid-lead-byte'],
    ['a truncated sequence after valid ones', 'ok+%E6%97%A5%E6%9C', 18, 'truncated-sequence'],
    ['"@", the character before "A", as a hex digit', '%@1', 0, 'incomplete-escape'],
    ['"`", the character before "a", as a hex digit', '%1`', 0, 'incomplete-escape'],
    ['a lead byte followed by a plain character and two hex digits', '%C3xbc', 3, 'truncated-sequence'],
    ['a lead byte followed by the escape of byte 0', '%C3%00', 3, 'invalid-continuation-byte'],
    ['the overlong four-byte form of U+FFFF', '%F0%8F%BF%BF', 3, 'invalid-continuation-byte'],
    ['the last continuation byte, 0xBF, with no lead byte', '%BF', 0, 'unexpected-continuation-byte'],
    ['the byte 0xC1, which could only start an overlong form', '%C1%BF', 0, 'invalid-lead-byte'],
  ])(
    'rejects %s with S3KeyDecodeError at the offset of the first malformed byte',
    (_, key, offset, reason) => {
      const error = decodeError(key);

      expect({ key: error.key, offset: error.offset, reason: error.reason }).toEqual({ key, offset, reason });
    },
  );

  it('names the raw key and the offset in the message', () => {
    const error = decodeError('photos/%E0%A4%A.jpg');

    expect(error.message).toBe(
      'S3 object key "photos/%E0%A4%A.jpg" is not valid URL encoding: "%" is not followed by two hexadecimal digits, at offset 13',
    );
  });

  it.each([
    ['%', '"%" is not followed by two hexadecimal digits'],
    ['%FF', 'the byte can never start a UTF-8 sequence'],
    ['%80', 'a UTF-8 continuation byte has no lead byte before it'],
    ['%C3', 'a multi-byte UTF-8 sequence ends early'],
    ['%ED%A0%80', 'the byte is out of range for this UTF-8 sequence (overlong, surrogate or above U+10FFFF)'],
  ])('explains what is wrong with %s in the message', (key, explanation) => {
    expect(decodeError(key).message).toContain(`is not valid URL encoding: ${explanation}, at offset`);
  });

  it('is an Error named S3KeyDecodeError with no field when called directly', () => {
    const error = decodeError('%');

    expect([error instanceof Error, error.name, error.field]).toEqual([true, 'S3KeyDecodeError', undefined]);
  });
});

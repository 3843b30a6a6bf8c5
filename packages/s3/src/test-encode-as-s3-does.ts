// The encoding S3 applies to object keys in event notifications, for property tests.
//
// S3's documentation: the key "is URL encoded. For example, 'red flower.jpg' becomes
// 'red+flower.jpg' (Amazon S3 returns application/x-www-form-urlencoded as the content type)"
// (notification-content-structure). The characters left as they are are the ones the S3 User Guide
// lists as safe in key names, "0-9 a-z A-Z ! - _ . * ' ( )" (object-keys, Safe characters), which is
// also the list the notification filter page points to for what must be percent-encoded. "/" is kept
// too in the notifications S3 sends (`encodeSlash: false`, the default); the Lambda console's sample
// event writes it as "%2F" (`encodeSlash: true`). Every other byte of the key's UTF-8 form becomes
// "%XX" with upper-case hex digits.

const SAFE = new Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!-_.*'()".split(''));

export interface EncodeOptions {
  encodeSlash?: boolean;
  lowerCaseHex?: boolean;
}

export function encodeAsS3Does(key: string, options: EncodeOptions = {}): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20) out += '+';
    else if (byte < 0x80 && (SAFE.has(char) || (char === '/' && !options.encodeSlash))) out += char;
    else {
      const hex = byte.toString(16).padStart(2, '0');
      out += `%${options.lowerCaseHex ? hex : hex.toUpperCase()}`;
    }
  }
  return out;
}

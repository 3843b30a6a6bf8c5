/**
 * Why a key is not valid URL encoding, as a stable code.
 *
 * @example
 * if (error.reason === 'incomplete-escape') console.warn('a "%" without two hex digits');
 */
export type S3KeyDecodeReason =
  | 'incomplete-escape'
  | 'invalid-lead-byte'
  | 'unexpected-continuation-byte'
  | 'truncated-sequence'
  | 'invalid-continuation-byte';

const REASON_TEXT: Record<S3KeyDecodeReason, string> = {
  'incomplete-escape': '"%" is not followed by two hexadecimal digits',
  'invalid-lead-byte': 'the byte can never start a UTF-8 sequence',
  'unexpected-continuation-byte': 'a UTF-8 continuation byte has no lead byte before it',
  'truncated-sequence': 'a multi-byte UTF-8 sequence ends early',
  'invalid-continuation-byte':
    'the byte is out of range for this UTF-8 sequence (overlong, surrogate or above U+10FFFF)',
};

/**
 * Thrown when an S3 object key is not valid URL encoding: a lone or truncated "%", or escapes that do
 * not form UTF-8. It carries the raw key as received (object keys are not secrets), the offset in that
 * string where the first malformed byte starts, and, when it came from an event, the field it was read
 * from.
 *
 * @example
 * try {
 *   decodeS3Key('report%E0%A4%A.pdf');
 * } catch (error) {
 *   if (error instanceof S3KeyDecodeError) error.offset; // 12
 * }
 */
export class S3KeyDecodeError extends Error {
  override readonly name = 'S3KeyDecodeError';
  /** The key exactly as it arrived, still encoded. */
  readonly key: string;
  /** Index in `key` (UTF-16 code units) where the first malformed byte starts. */
  readonly offset: number;
  readonly reason: S3KeyDecodeReason;
  /** Where the key was read from, for example "Records[2].body.Records[0].s3.object.key". */
  readonly field: string | undefined;

  constructor(key: string, offset: number, reason: S3KeyDecodeReason, field?: string) {
    const where = field === undefined ? '' : ` (${field})`;
    super(
      `S3 object key ${JSON.stringify(key)}${where} is not valid URL encoding: ${REASON_TEXT[reason]}, at offset ${offset}`,
    );
    this.key = key;
    this.offset = offset;
    this.reason = reason;
    this.field = field;
  }
}

export { decodeS3Key } from './decode-s3-key.js';
export { normalizeS3Event } from './normalize-s3-event.js';
export type { NormalizeS3EventOptions, OnInvalidKey } from './options.js';
export { S3KeyDecodeError, type S3KeyDecodeReason } from './s3-key-decode-error.js';
export { type S3KeyDecoderOptions, s3KeyDecoder } from './s3-key-decoder.js';
export { stderrWarningLogger, type WarningLogger } from './warning-logger.js';

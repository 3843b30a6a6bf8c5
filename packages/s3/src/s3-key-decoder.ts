import { beginInvocation, type MiddlewareObj, type MiddyRequest } from '@lambkit/core';
import { decodeEventKeys } from './normalize-s3-event.js';
import { type NormalizeS3EventOptions, resolveSettings } from './options.js';

/**
 * Options of the `s3KeyDecoder` middleware.
 *
 * @example
 * const options: S3KeyDecoderOptions = { onInvalid: 'keep' };
 */
export type S3KeyDecoderOptions = NormalizeS3EventOptions;

/**
 * A @middy/core middleware that decodes, in place and before the handler runs, every URL-encoded S3
 * object key in the event, in the shapes `normalizeS3Event` knows. Options are checked once, when the
 * middleware is created. A key that is not valid URL encoding fails the invocation with
 * S3KeyDecodeError, or with `onInvalid: 'keep'` stays as received and is reported to `logger.warn`.
 *
 * @example
 * export const handler = middy(async (event: S3Event) => {
 *   return event.Records[0].s3.object.key; // 'uploads/my file(1).jpg'
 * }).use(s3KeyDecoder({ onInvalid: 'keep', logger }));
 */
export function s3KeyDecoder(options: S3KeyDecoderOptions = {}): MiddlewareObj {
  const settings = resolveSettings(options, 's3KeyDecoder');
  function s3KeyDecoderBefore(request: MiddyRequest): void {
    beginInvocation(request.context);
    decodeEventKeys(request.event, settings);
  }
  return { before: s3KeyDecoderBefore };
}

// `npm start` calls setup() before loading the handler: it starts the local S3 endpoint with the
// objects the sample events in events/ refer to, and points the AWS SDK at it through the standard
// environment variables (the SDK uses path-style addressing for an IP endpoint on its own).
import { startS3Endpoint } from './local/s3-endpoint.mjs';

export const SAMPLE_BUCKET = 's3-thumbnail-uploads-123456789012';

/**
 * The objects of the sample events: a JPEG (events/photo-uploaded.json), a text file named .jpg
 * (events/text-named-jpg.json); uploads/gone.jpg (events/photo-deleted.json) is absent on purpose.
 *
 * @param {import('./local/s3-endpoint.mjs').S3Endpoint} s3
 */
export function putSampleObjects(s3) {
  s3.putObject(SAMPLE_BUCKET, 'uploads/my photo (1) 日本.jpg', {
    contentType: 'image/jpeg',
    size: 48213,
    eTag: '"b2beaeaa8047a2f01a2d0698db3169db"',
    metadata: { 'uploaded-by': 'ada' },
    lastModified: new Date('2026-03-10T05:16:23Z'),
  });
  s3.putObject(SAMPLE_BUCKET, 'uploads/notes.jpg', { contentType: 'text/plain', size: 311 });
}

/**
 * Starts the local S3 endpoint for `npm start`.
 *
 * @example
 * const { env, close } = await setup();
 */
export async function setup() {
  const s3 = await startS3Endpoint({ region: 'us-east-1' });
  putSampleObjects(s3);
  return {
    env: {
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_REGION: s3.clientConfig.region,
      AWS_ACCESS_KEY_ID: s3.clientConfig.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.clientConfig.credentials.secretAccessKey,
      AWS_MAX_ATTEMPTS: '1',
      // Lambda runs the function on nodejs22.x; the SDK's notice about an older local Node.js is not
      // part of what the example prints.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    close: () => s3.close(),
  };
}

// `npm start` calls setup() before loading the handler: it starts a local S3 (s3rver) holding the
// objects the sample events in events/ refer to, and points the AWS SDK at it through the standard
// environment variables (the SDK uses path-style addressing for an IP endpoint on its own).
import { startLocalS3 } from './local/s3rver.mjs';

export const SAMPLE_BUCKET = 's3-thumbnail-uploads-123456789012';
/** The photo of events/photo-uploaded.json, as its key decodes. */
export const SAMPLE_PHOTO_KEY = 'uploads/my photo (1) 日本.jpg';
/** The size events/photo-uploaded.json gives. */
export const SAMPLE_PHOTO_SIZE = 48213;

/**
 * Stores the objects of the sample events: a JPEG (events/photo-uploaded.json) and a text file
 * named .jpg (events/text-named-jpg.json); uploads/gone.jpg (events/photo-deleted.json) is absent
 * on purpose. Resolves to the photo's ETag.
 *
 * @param {import('./local/s3rver.mjs').LocalS3} s3
 */
export async function putSampleObjects(s3) {
  // The JPEG start-of-image marker, then zeros: the handler reads the metadata, never the bytes.
  const photo = new Uint8Array(SAMPLE_PHOTO_SIZE);
  photo.set([0xff, 0xd8, 0xff, 0xe0]);
  const photoETag = await s3.putObject(SAMPLE_BUCKET, SAMPLE_PHOTO_KEY, {
    contentType: 'image/jpeg',
    body: photo,
    metadata: { 'uploaded-by': 'ada' },
  });
  await s3.putObject(SAMPLE_BUCKET, 'uploads/notes.jpg', {
    contentType: 'text/plain',
    body: new TextEncoder().encode('not a photo\n'),
  });
  return photoETag;
}

/**
 * Starts the local S3 for `npm start`.
 *
 * @example
 * const { env, close } = await setup();
 */
export async function setup() {
  // The seeding client runs in `npm start`'s own process, on the local Node.js: its version notice
  // is not part of what the example prints either.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const s3 = await startLocalS3({ buckets: [SAMPLE_BUCKET] });
  await putSampleObjects(s3);
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

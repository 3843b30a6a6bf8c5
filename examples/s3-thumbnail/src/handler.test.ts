import { readFileSync } from 'node:fs';
import { captureOutput, createContext, createS3Event, encodeS3EventKey } from '@lambkit/testing';
import type { S3Event } from 'aws-lambda';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from '../local/s3rver.mjs';
import { putSampleObjects, SAMPLE_BUCKET, SAMPLE_PHOTO_KEY, SAMPLE_PHOTO_SIZE } from '../start-env.mjs';
import { createThumbnailHandler } from './handler.js';

function sampleEvent(file: string): S3Event {
  return JSON.parse(readFileSync(new URL(`../events/${file}`, import.meta.url), 'utf8'));
}

describe('s3-thumbnail handler', () => {
  let s3: LocalS3;
  let photoETag: string | undefined;

  beforeEach(async () => {
    s3 = await startLocalS3({ buckets: [SAMPLE_BUCKET] });
    photoETag = await putSampleObjects(s3);
  });

  afterEach(async () => {
    await s3.close();
  });

  it('reads the metadata of the decoded key with HeadObject and plans its thumbnail', async () => {
    const handler = createThumbnailHandler({ s3: s3.clientConfig });

    const { result } = await captureOutput(() =>
      handler(sampleEvent('photo-uploaded.json'), createContext()),
    );

    expect(photoETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(result).toEqual({
      jobs: [
        {
          bucket: SAMPLE_BUCKET,
          key: SAMPLE_PHOTO_KEY,
          thumbnailKey: 'thumbnails/my photo (1) 日本.jpg',
          contentType: 'image/jpeg',
          size: SAMPLE_PHOTO_SIZE,
          eTag: photoETag,
          metadata: { 'uploaded-by': 'ada' },
        },
      ],
      skipped: [],
    });
    expect(s3.requests).toEqual([
      { method: 'HEAD', bucket: SAMPLE_BUCKET, key: SAMPLE_PHOTO_KEY, signingService: 's3', status: 200 },
    ]);
  });

  it('logs the planned thumbnail with the Lambda context', async () => {
    const handler = createThumbnailHandler({ s3: s3.clientConfig });
    const context = createContext({ functionName: 's3-thumbnail' });

    const { stdout } = await captureOutput(() => handler(sampleEvent('photo-uploaded.json'), context));

    expect(stdout).toHaveLength(1);
    expect(stdout[0]).toMatchObject({
      level: 'INFO',
      message: 'thumbnail planned',
      service: 's3-thumbnail',
      function_name: 's3-thumbnail',
      function_request_id: context.awsRequestId,
      bucket: SAMPLE_BUCKET,
      key: SAMPLE_PHOTO_KEY,
      thumbnailKey: 'thumbnails/my photo (1) 日本.jpg',
      size: SAMPLE_PHOTO_SIZE,
    });
  });

  it('skips, with a warning, an object named .jpg whose content is not a JPEG', async () => {
    const handler = createThumbnailHandler({ s3: s3.clientConfig });

    const { result, stdout, stderr } = await captureOutput(() =>
      handler(sampleEvent('text-named-jpg.json'), createContext()),
    );

    expect(result).toEqual({
      jobs: [],
      skipped: [{ bucket: SAMPLE_BUCKET, key: 'uploads/notes.jpg', reason: 'not-a-jpeg' }],
    });
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'not a JPEG image, skipped',
        key: 'uploads/notes.jpg',
        contentType: 'text/plain',
      }),
    ]);
  });

  it('skips, with a warning, an object deleted before it was processed', async () => {
    const handler = createThumbnailHandler({ s3: s3.clientConfig });

    const { result, stdout, stderr } = await captureOutput(() =>
      handler(sampleEvent('photo-deleted.json'), createContext()),
    );

    expect(result).toEqual({
      jobs: [],
      skipped: [{ bucket: SAMPLE_BUCKET, key: 'uploads/gone.jpg', reason: 'deleted' }],
    });
    expect(s3.requests.map((request) => request.status)).toEqual([404]);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'object deleted before processing, skipped' }),
    ]);
  });

  it('fails the invocation when S3 refuses the HeadObject, so that Lambda retries the event', async () => {
    // An access key S3 does not know: it answers 403, as it does to a role without s3:GetObject.
    const credentials = { accessKeyId: 'AKIAUNKNOWNKEY', secretAccessKey: 'not-a-key-s3-knows' };
    const handler = createThumbnailHandler({ s3: { ...s3.clientConfig, credentials } });

    const { error } = await captureOutput(() => handler(sampleEvent('photo-uploaded.json'), createContext()));

    expect(error).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect(s3.requests.map((request) => request.status)).toEqual([403]);
  });

  it('reuses one S3 client, and its connection, across warm invocations', async () => {
    const handler = createThumbnailHandler({ s3: s3.clientConfig });
    const warmHandler = createThumbnailHandler({ s3: { ...s3.clientConfig } });

    await captureOutput(() => handler(sampleEvent('photo-uploaded.json'), createContext()));
    await captureOutput(() => warmHandler(sampleEvent('photo-uploaded.json'), createContext()));

    expect(s3.requests).toHaveLength(2);
    expect(s3.connectionCount()).toBe(1);
  });

  it('asks S3 for exactly the key that was uploaded, whatever its characters', async () => {
    const handler = createThumbnailHandler({ s3: s3.clientConfig });
    // s3rver keeps each object as a file named by its key, so it cannot hold a key with an empty
    // segment ('uploads//a.jpg'), which S3 can: those are left out.
    const keyName = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
      .filter((name) => !`uploads/${name}`.includes('//'));

    await fc.assert(
      fc.asyncProperty(keyName, async (name) => {
        const key = `uploads/${name}.jpg`;
        await s3.putObject(SAMPLE_BUCKET, key, { contentType: 'image/jpeg', body: new Uint8Array(1) });
        const event = createS3Event({ bucket: SAMPLE_BUCKET, keys: [key] });
        event.Records[0].s3.object.key = encodeS3EventKey(key);

        const { result } = await captureOutput(() => handler(event, createContext()));

        expect(result?.jobs.map((job) => job.key)).toEqual([key]);
        expect(s3.requests.at(-1)?.key).toBe(key);
      }),
      { numRuns: 40 },
    );
  });
});

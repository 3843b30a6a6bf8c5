import {
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { cachedClient, type LambdaContext } from '@lambkit/core';
import { injectLambdaContext, Logger } from '@lambkit/logger';
import { s3KeyDecoder } from '@lambkit/s3';
import middy from '@middy/core';
import type { S3Event, S3EventRecord } from 'aws-lambda';

/** Where uploads arrive: the prefix filter of the trigger in template.yaml. */
export const UPLOAD_PREFIX = 'uploads/';
/** Where the thumbnails go: outside the trigger's prefix, so writing one never invokes the function again. */
export const THUMBNAIL_PREFIX = 'thumbnails/';

/** A JPEG upload that gets a thumbnail: where it is, what S3 says about it, where the thumbnail goes. */
export interface ThumbnailJob {
  bucket: string;
  /** The object key, decoded: 'uploads/my photo (1).jpg', never 'uploads/my+photo+%281%29.jpg'. */
  key: string;
  thumbnailKey: string;
  contentType: string;
  size: number;
  eTag: string | undefined;
  /** User metadata of the upload (x-amz-meta-*). */
  metadata: Record<string, string>;
}

/** An object of the event that gets no thumbnail, and why. */
export interface SkippedObject {
  bucket: string;
  key: string;
  reason: 'not-a-jpeg' | 'deleted';
}

/** What one invocation decided, for each object of the event. */
export interface ThumbnailResult {
  jobs: ThumbnailJob[];
  skipped: SkippedObject[];
}

/** Options of `createThumbnailHandler`. */
export interface ThumbnailHandlerOptions {
  /**
   * The S3 client configuration. Default `{}`: in Lambda the SDK takes the region and credentials from
   * the environment (and an endpoint from AWS_ENDPOINT_URL_S3 when set, as `npm start` does).
   */
  s3?: S3ClientConfig;
}

// Created once per execution environment, at INIT.
const logger = new Logger({ serviceName: 's3-thumbnail' });

function thumbnailKeyOf(key: string): string {
  return THUMBNAIL_PREFIX + (key.startsWith(UPLOAD_PREFIX) ? key.slice(UPLOAD_PREFIX.length) : key);
}

/** HeadObject, with a missing object (deleted since the event was sent) as `undefined`. */
async function headObject(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<HeadObjectCommandOutput | undefined> {
  try {
    return await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    // A HEAD answer has no body, so S3's 404 reaches the SDK as a NotFound error with no message.
    if ((error as Error).name === 'NotFound') return undefined;
    throw error;
  }
}

/**
 * Builds the handler of S3 ObjectCreated events: for each object, reads its metadata with HeadObject
 * through one S3 client cached for the life of the execution environment, and decides on its
 * thumbnail. Objects that are not JPEG images (whatever their name), or that are gone, are skipped
 * with a warning; any other S3 error fails the invocation so Lambda retries it.
 *
 * @example
 * const handler = createThumbnailHandler({ s3: { region: 'eu-west-1' } });
 * await handler(createS3Event({ keys: ['uploads/my photo.jpg'] }), createContext());
 */
export function createThumbnailHandler(options: ThumbnailHandlerOptions = {}) {
  const s3 = cachedClient(S3Client, options.s3 ?? {});

  async function inspectObject(record: S3EventRecord): Promise<ThumbnailJob | SkippedObject> {
    const bucket = record.s3.bucket.name;
    const { key } = record.s3.object; // already decoded by s3KeyDecoder
    const head = await headObject(s3, bucket, key);
    if (head === undefined) {
      logger.warn('object deleted before processing, skipped', { bucket, key });
      return { bucket, key, reason: 'deleted' };
    }
    const contentType = head.ContentType ?? 'binary/octet-stream';
    // The trigger filters on the name (.jpg); only the stored content type says what the bytes are.
    if (contentType !== 'image/jpeg') {
      logger.warn('not a JPEG image, skipped', { bucket, key, contentType });
      return { bucket, key, reason: 'not-a-jpeg' };
    }
    const job: ThumbnailJob = {
      bucket,
      key,
      thumbnailKey: thumbnailKeyOf(key),
      contentType,
      size: head.ContentLength ?? record.s3.object.size,
      eTag: head.ETag,
      metadata: head.Metadata ?? {},
    };
    logger.info('thumbnail planned', { bucket, key, thumbnailKey: job.thumbnailKey, size: job.size });
    return job;
  }

  async function planThumbnails(event: S3Event, _context: LambdaContext): Promise<ThumbnailResult> {
    const result: ThumbnailResult = { jobs: [], skipped: [] };
    // S3 sends one record per notification; a loop keeps hand-made multi-record events working.
    for (const record of event.Records) {
      const outcome = await inspectObject(record);
      if ('reason' in outcome) result.skipped.push(outcome);
      else result.jobs.push(outcome);
    }
    return result;
  }

  return middy(planThumbnails).use(injectLambdaContext(logger)).use(s3KeyDecoder());
}

/**
 * The Lambda handler (template.yaml: `handler.handler`), with the S3 client configured from the
 * environment.
 *
 * @example
 * await handler(createS3Event({ keys: ['uploads/my photo.jpg'] }), createContext());
 */
export const handler = createThumbnailHandler();

// A real S3 implementation for tests and `npm start`: s3rver (npm), which keeps buckets and objects
// in a temporary folder, started in this process on a free port of 127.0.0.1. The real
// @aws-sdk/client-s3 talks to it with path-style addressing, so the SDK's serialization, signing and
// error parsing and s3rver's answers (metadata, content type, ETag, 404, 403) are what a test sees.
// The only thing added here is a record of the requests the function made, read from the HTTP
// server s3rver runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/**
 * @typedef {object} ObjectToPut
 * @property {string} contentType
 * @property {Uint8Array} body
 * @property {Record<string, string>} [metadata] user metadata (x-amz-meta-*)
 */

/**
 * @typedef {object} RecordedS3Request
 * @property {string} method
 * @property {string} bucket
 * @property {string} key the key, decoded from the request path
 * @property {string | undefined} signingService the service of the SigV4 credential scope
 * @property {number} status
 */

/**
 * @typedef {object} LocalS3
 * @property {string} url
 * @property {{ endpoint: string, region: string, forcePathStyle: boolean, credentials: { accessKeyId: string, secretAccessKey: string }, maxAttempts: number }} clientConfig
 *   a configuration for the real S3Client: this endpoint, path-style addressing, the access key
 *   s3rver knows and no retries (a test sees the first answer)
 * @property {RecordedS3Request[]} requests the requests of clients other than `putObject`'s, in order
 * @property {() => number} connectionCount how many TCP connections those requests came on
 * @property {(bucket: string, key: string, object: ObjectToPut) => Promise<string | undefined>} putObject
 *   stores an object with PutObject and resolves to its ETag
 * @property {() => Promise<void>} close stops s3rver and deletes its folder
 */

/** The access key s3rver accepts (it answers 403 InvalidAccessKeyId to any other). */
const ACCESS_KEY = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** Marks the requests of `putObject`'s own client, which the record leaves out. */
const SEEDER_AGENT = 'lambkit-example-seeder';
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/;

/**
 * Starts s3rver with these buckets on a free port of 127.0.0.1.
 *
 * @example
 * const s3 = await startLocalS3({ buckets: ['photos'] });
 * await s3.putObject('photos', 'uploads/a.jpg', { contentType: 'image/jpeg', body: new Uint8Array(2048) });
 * const client = new S3Client(s3.clientConfig);
 *
 * @param {{ buckets: string[], region?: string }} options
 * @returns {Promise<LocalS3>}
 */
export async function startLocalS3(options) {
  const region = options.region ?? 'us-east-1';
  const directory = await mkdtemp(join(tmpdir(), 'lambkit-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const url = `http://127.0.0.1:${port}`;
  const clientConfig = {
    endpoint: url,
    region,
    forcePathStyle: true,
    credentials: ACCESS_KEY,
    maxAttempts: 1,
  };

  /** @type {RecordedS3Request[]} */
  const requests = [];
  const functionSockets = new Set();
  const allSockets = new Set();
  const httpServer = /** @type {import('node:http').Server} */ (server.httpServer);
  httpServer.on('connection', (socket) => {
    allSockets.add(socket);
    socket.once('close', () => allSockets.delete(socket));
  });
  httpServer.on('request', (request, response) => {
    if (String(request.headers['user-agent']).includes(SEEDER_AGENT)) return;
    functionSockets.add(request.socket);
    // Path style: /<bucket>/<key>; the SDK URI-encodes each segment of the key, '/' kept. Read as
    // sent: URL parsing would resolve '.' and '..' segments, which are part of an S3 key.
    const target = request.url ?? '/';
    const query = target.indexOf('?');
    const path = query === -1 ? target : target.slice(0, query);
    const slash = path.indexOf('/', 1);
    const record = {
      method: request.method ?? '',
      bucket: decodeURIComponent(slash === -1 ? path.slice(1) : path.slice(1, slash)),
      key: slash === -1 ? '' : decodeURIComponent(path.slice(slash + 1)),
      signingService: SIGV4.exec(String(request.headers.authorization ?? ''))?.[1],
      status: 0,
    };
    requests.push(record);
    response.once('finish', () => {
      record.status = response.statusCode;
    });
  });

  const seeder = new S3Client({ ...clientConfig, customUserAgent: SEEDER_AGENT });

  return {
    url,
    clientConfig,
    requests,
    connectionCount: () => functionSockets.size,
    async putObject(bucket, key, object) {
      const { ETag } = await seeder.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: object.body,
          ContentType: object.contentType,
          Metadata: object.metadata,
        }),
      );
      return ETag;
    },
    async close() {
      seeder.destroy();
      // Warm SDK clients keep their connections open; s3rver's close waits for them otherwise.
      for (const socket of allSockets) socket.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

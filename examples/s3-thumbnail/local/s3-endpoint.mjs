// A local HTTP endpoint speaking the part of the S3 REST API this example uses: HeadObject, path
// style (`HEAD /<bucket>/<key>`), as the real @aws-sdk/client-s3 sends it to an endpoint override.
// Tests and `npm start` point the client at it, so the SDK's own serialization, SigV4 signing and
// error parsing run for real.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * @typedef {object} StoredObject
 * @property {string} contentType
 * @property {number} size
 * @property {Record<string, string>} [metadata] user metadata (x-amz-meta-*)
 * @property {Date} [lastModified]
 * @property {string} [eTag] with its quotes, as S3 writes it
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
 * @typedef {object} S3Endpoint
 * @property {string} url
 * @property {{ endpoint: string, region: string, forcePathStyle: boolean, credentials: { accessKeyId: string, secretAccessKey: string }, maxAttempts: number }} clientConfig
 *   a configuration for the real S3Client: this endpoint, path-style addressing, dummy credentials and
 *   no retries (a test sees the first answer)
 * @property {RecordedS3Request[]} requests
 * @property {() => number} connectionCount TCP connections accepted so far
 * @property {(bucket: string, key: string, object: StoredObject) => void} putObject
 * @property {(bucket: string, key: string) => void} deleteObject
 * @property {(bucket: string, key: string, status: number) => void} failKey answer every request for this key with this status
 * @property {() => Promise<void>} close
 */

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/;

/**
 * Starts the endpoint on a free port of 127.0.0.1.
 *
 * @example
 * const s3 = await startS3Endpoint({ region: 'eu-west-1' });
 * s3.putObject('photos', 'uploads/a.jpg', { contentType: 'image/jpeg', size: 2048 });
 * const client = new S3Client(s3.clientConfig);
 *
 * @param {{ region?: string }} [options]
 * @returns {Promise<S3Endpoint>}
 */
export async function startS3Endpoint(options = {}) {
  const region = options.region ?? 'us-east-1';
  /** @type {Map<string, StoredObject>} */
  const objects = new Map();
  /** @type {Map<string, number>} */
  const failures = new Map();
  /** @type {RecordedS3Request[]} */
  const requests = [];
  const sockets = new Set();
  let connections = 0;

  /** @param {string} bucket @param {string} key */
  const id = (bucket, key) => `${bucket}/${key}`;

  const server = createServer((request, response) => {
    // Path style: /<bucket>/<key>; the SDK URI-encodes each segment of the key, '/' kept.
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const slash = path.indexOf('/', 1);
    const bucket = decodeURIComponent(slash === -1 ? path.slice(1) : path.slice(1, slash));
    const key = slash === -1 ? '' : decodeURIComponent(path.slice(slash + 1));
    const signingService = SIGV4.exec(String(request.headers.authorization ?? ''))?.[1];
    const headers = { 'x-amz-request-id': randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase() };
    const answer = (/** @type {number} */ status, /** @type {Record<string, string>} */ extra = {}) => {
      requests.push({ method: request.method ?? '', bucket, key, signingService, status });
      // HEAD answers carry no body, errors included: the SDK reads the status alone.
      response.writeHead(status, { ...headers, ...extra });
      response.end();
    };
    if (request.method !== 'HEAD' || key === '') return answer(405);
    if (signingService !== 's3') return answer(403);
    const failure = failures.get(id(bucket, key));
    if (failure !== undefined) return answer(failure);
    const object = objects.get(id(bucket, key));
    if (object === undefined) return answer(404);
    /** @type {Record<string, string>} */
    const found = {
      'content-type': object.contentType,
      'content-length': String(object.size),
      etag: object.eTag ?? '"d41d8cd98f00b204e9800998ecf8427e"',
      'last-modified': (object.lastModified ?? new Date(0)).toUTCString(),
      'accept-ranges': 'bytes',
    };
    for (const [name, value] of Object.entries(object.metadata ?? {})) found[`x-amz-meta-${name}`] = value;
    answer(200, found);
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;

  return {
    url,
    clientConfig: {
      endpoint: url,
      region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'local-secret-access-key' },
      maxAttempts: 1,
    },
    requests,
    connectionCount: () => connections,
    putObject: (bucket, key, object) => objects.set(id(bucket, key), object),
    deleteObject: (bucket, key) => objects.delete(id(bucket, key)),
    failKey: (bucket, key, status) => failures.set(id(bucket, key), status),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

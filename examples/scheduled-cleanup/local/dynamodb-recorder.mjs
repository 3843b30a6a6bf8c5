// A pass-through HTTP proxy in front of a DynamoDB endpoint (dynalite in the tests) that records what
// the function sent and, when a test asks, makes one answer a failure DynamoDB gives under load and
// dynalite never does: a throttled BatchWriteItem that leaves its last requests unprocessed, or an
// error such as InternalServerError. Everything else is forwarded as it is, and answered by the
// DynamoDB implementation behind it.
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';

/** @typedef {Record<string, any>} AttributeMap */

/**
 * @typedef {object} RecordedDynamoDBRequest
 * @property {string} operation 'Scan', 'BatchWriteItem', ...
 * @property {any} body the request as the function sent it
 * @property {string | undefined} signingService the service of the SigV4 credential scope
 * @property {number} status
 */

/**
 * @typedef {object} DynamoDBRecorder
 * @property {import('./dynalite.mjs').DynamoDBClientSettings} clientConfig the target's configuration, with this proxy as endpoint
 * @property {(operation: string) => RecordedDynamoDBRequest[]} requestsOf
 * @property {(count: number) => void} leaveUnprocessed the next BatchWriteItem does all but its last `count` requests and returns those as UnprocessedItems
 * @property {(operation: string, type: string, after?: number) => void} failNext answer a request of this operation with this error: the next one, or the one after `after` more have gone through
 * @property {() => Promise<void>} close
 */

const TARGET_PREFIX = 'DynamoDB_20120810.';
const JSON_1_0 = 'application/x-amz-json-1.0';
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/;
/** Errors DynamoDB answers with a 5xx status; every other error is a 400. */
const SERVER_ERRORS = { InternalServerError: 500, ServiceUnavailable: 503 };

/**
 * Splits a BatchWriteItem's requests into those to forward and the last `count`, left unprocessed.
 *
 * @param {Record<string, any[]>} requestItems
 * @param {number} count
 */
function splitUnprocessed(requestItems, count) {
  /** @type {Record<string, any[]>} */
  const forwarded = {};
  /** @type {Record<string, any[]>} */
  const unprocessed = {};
  let left = count;
  for (const [table, list] of Object.entries(requestItems).reverse()) {
    const kept = Math.max(0, list.length - left);
    left -= list.length - kept;
    if (kept > 0) forwarded[table] = list.slice(0, kept);
    if (kept < list.length) unprocessed[table] = list.slice(kept);
  }
  return { forwarded, unprocessed };
}

/**
 * Starts the proxy on a free port of 127.0.0.1, in front of `target`.
 *
 * @example
 * const recorder = await startDynamoDBRecorder(dynamodb.clientConfig);
 * recorder.leaveUnprocessed(7);
 * const handler = createCleanupHandler({ tableName: 'sessions', dynamodb: recorder.clientConfig });
 *
 * @param {import('./dynalite.mjs').DynamoDBClientSettings} target
 * @returns {Promise<DynamoDBRecorder>}
 */
export async function startDynamoDBRecorder(target) {
  /** @type {RecordedDynamoDBRequest[]} */
  const requests = [];
  /** @type {Map<string, { type: string, after: number }>} */
  const failures = new Map();
  let unprocessedNext = 0;
  const sockets = new Set();

  /** @param {import('node:http').IncomingMessage} request @param {Buffer} body @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer }>} */
  function forward(request, body) {
    return new Promise((resolve, reject) => {
      const headers = { ...request.headers, 'content-length': String(body.length) };
      const outgoing = httpRequest(
        new URL(request.url ?? '/', target.endpoint),
        { method: request.method, headers },
        (response) => {
          const chunks = /** @type {Buffer[]} */ ([]);
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 502,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** @param {import('node:http').IncomingMessage} request @param {import('node:http').ServerResponse} response */
  async function answer(request, response) {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const raw = Buffer.concat(chunks);
    const amzTarget = String(request.headers['x-amz-target'] ?? '');
    const operation = amzTarget.startsWith(TARGET_PREFIX) ? amzTarget.slice(TARGET_PREFIX.length) : amzTarget;
    const body = JSON.parse(raw.toString('utf8') || '{}');
    const signingService = SIGV4.exec(String(request.headers.authorization ?? ''))?.[1];
    /** @type {RecordedDynamoDBRequest} */
    const record = { operation, body, signingService, status: 200 };
    requests.push(record);

    const failure = failures.get(operation);
    if (failure !== undefined && failure.after-- === 0) {
      failures.delete(operation);
      const status = SERVER_ERRORS[/** @type {keyof typeof SERVER_ERRORS} */ (failure.type)] ?? 400;
      record.status = status;
      response.writeHead(status, { 'content-type': JSON_1_0, 'x-amzn-requestid': randomUUID() });
      response.end(
        JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${failure.type}`,
          message: `${failure.type} (injected by the test)`,
        }),
      );
      return;
    }

    if (operation === 'BatchWriteItem' && unprocessedNext > 0) {
      const { forwarded, unprocessed } = splitUnprocessed(body.RequestItems ?? {}, unprocessedNext);
      unprocessedNext = 0;
      /** @type {Record<string, unknown>} */
      let result = {};
      if (Object.keys(forwarded).length > 0) {
        const done = await forward(
          request,
          Buffer.from(JSON.stringify({ ...body, RequestItems: forwarded })),
        );
        record.status = done.status;
        if (done.status !== 200) {
          response.writeHead(done.status, done.headers);
          response.end(done.body);
          return;
        }
        result = JSON.parse(done.body.toString('utf8'));
      }
      response.writeHead(200, { 'content-type': JSON_1_0, 'x-amzn-requestid': randomUUID() });
      response.end(JSON.stringify({ ...result, UnprocessedItems: unprocessed }));
      return;
    }

    const done = await forward(request, raw);
    record.status = done.status;
    response.writeHead(done.status, done.headers);
    response.end(done.body);
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error) => {
      response.writeHead(502);
      response.end(String(error));
    });
  });
  server.on('connection', (socket) => {
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
    clientConfig: { ...target, endpoint: url },
    requestsOf: (operation) => requests.filter((request) => request.operation === operation),
    leaveUnprocessed(count) {
      unprocessedNext = count;
    },
    failNext(operation, type, after = 0) {
      failures.set(operation, { type, after });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

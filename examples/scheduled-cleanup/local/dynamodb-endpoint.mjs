// A local HTTP endpoint speaking the part of DynamoDB's JSON 1.0 protocol this example uses: Scan
// (one-comparison FilterExpression, ProjectionExpression, Limit, ExclusiveStartKey paging) and
// BatchWriteItem (DeleteRequest and PutRequest, at most 25, UnprocessedItems on demand). Tests and
// `npm start` point the real @aws-sdk/client-dynamodb at it, so the SDK's serialization, SigV4
// signing and error parsing run for real. Anything else is refused with a ValidationException that
// says what is not supported, rather than answered wrongly.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

/** @typedef {Record<string, any>} AttributeMap an item or a key, as DynamoDB attribute values */

/**
 * @typedef {object} RecordedDynamoDBRequest
 * @property {string} operation 'Scan', 'BatchWriteItem', ...
 * @property {any} body the parsed request
 * @property {string | undefined} signingService the service of the SigV4 credential scope
 * @property {number} status
 */

/**
 * @typedef {object} DynamoDBEndpoint
 * @property {string} url
 * @property {{ endpoint: string, region: string, credentials: { accessKeyId: string, secretAccessKey: string }, maxAttempts: number }} clientConfig
 *   a configuration for the real DynamoDBClient: this endpoint, dummy credentials, no SDK retries
 * @property {RecordedDynamoDBRequest[]} requests
 * @property {(operation: string) => RecordedDynamoDBRequest[]} requestsOf
 * @property {(table: string, item: AttributeMap) => void} putItem
 * @property {(table: string) => AttributeMap[]} items the table's items, in key order
 * @property {(count: number) => void} leaveUnprocessed answer the next BatchWriteItem with its last `count` requests unprocessed, as DynamoDB does when throttled
 * @property {(operation: string, type: string, after?: number) => void} failNext answer a request of this operation with this error: the next one, or the one after `after` more have succeeded
 * @property {() => Promise<void>} close
 */

const TARGET_PREFIX = 'DynamoDB_20120810.';
const JSON_1_0 = 'application/x-amz-json-1.0';
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/;
/** Errors DynamoDB answers with a 5xx status; every other error is a 400. */
const SERVER_ERRORS = { InternalServerError: 500, ServiceUnavailable: 503 };
const COMPARISON = /^\s*(#?[A-Za-z_][\w]*)\s*(=|<>|<=|>=|<|>)\s*(:[A-Za-z_]\w*)\s*$/;

class DynamoDBError extends Error {
  /** @param {string} type @param {string} message @param {number} [status] */
  constructor(type, message, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

const validation = (/** @type {string} */ message) => new DynamoDBError('ValidationException', message);

/** @param {any} value an attribute value with one type key */
function scalarOf(value) {
  if (value?.N !== undefined) return Number(value.N);
  if (value?.S !== undefined) return value.S;
  throw validation('The local endpoint compares only N and S attribute values');
}

/** @param {string} op @param {number | string} left @param {number | string} right */
function compare(op, left, right) {
  switch (op) {
    case '=':
      return left === right;
    case '<>':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    default:
      return left >= right;
  }
}

/** @param {string} name @param {Record<string, string> | undefined} names */
function attributeName(name, names) {
  if (!name.startsWith('#')) return name;
  const resolved = names?.[name];
  if (resolved === undefined) {
    throw validation(
      `Value provided in ExpressionAttributeNames unused in expressions: ${name} is not defined`,
    );
  }
  return resolved;
}

/** A filter for one comparison, `#name < :value`; items without the attribute never match. */
function filterOf(/** @type {any} */ body) {
  if (body.FilterExpression === undefined) return () => true;
  const match = COMPARISON.exec(body.FilterExpression);
  if (match === null) {
    throw validation(
      `The local endpoint supports a FilterExpression of one comparison (#name < :value), got: ${body.FilterExpression}`,
    );
  }
  const [, rawName, op, valueRef] = match;
  const name = attributeName(rawName, body.ExpressionAttributeNames);
  const operand = body.ExpressionAttributeValues?.[valueRef];
  if (operand === undefined)
    throw validation(`An expression attribute value used in expression is not defined: ${valueRef}`);
  const right = scalarOf(operand);
  return (/** @type {AttributeMap} */ item) => {
    const value = item[name];
    if (value === undefined) return false;
    const left = scalarOf(value);
    return typeof left === typeof right && compare(op, left, right);
  };
}

/** @param {any} body @returns {(item: AttributeMap) => AttributeMap} */
function projectionOf(body) {
  if (body.ProjectionExpression === undefined) return (item) => item;
  const names = String(body.ProjectionExpression)
    .split(',')
    .map((part) => attributeName(part.trim(), body.ExpressionAttributeNames));
  return (item) => Object.fromEntries(names.filter((name) => name in item).map((name) => [name, item[name]]));
}

/**
 * Starts the endpoint on a free port of 127.0.0.1.
 *
 * @example
 * const dynamodb = await startDynamoDBEndpoint({ tables: { sessions: { partitionKey: 'pk' } } });
 * dynamodb.putItem('sessions', { pk: { S: 'session#1' }, expiresAt: { N: '1700000000' } });
 * const client = new DynamoDBClient(dynamodb.clientConfig);
 *
 * @param {{ tables: Record<string, { partitionKey: string }>, region?: string, pageSize?: number }} options
 *   `pageSize`: the most items one Scan page evaluates (DynamoDB stops at 1 MB), default 100
 * @returns {Promise<DynamoDBEndpoint>}
 */
export async function startDynamoDBEndpoint(options) {
  const region = options.region ?? 'us-east-1';
  const pageSize = options.pageSize ?? 100;
  /** @type {Map<string, { partitionKey: string, items: Map<string, AttributeMap> }>} */
  const tables = new Map();
  for (const [name, { partitionKey }] of Object.entries(options.tables)) {
    tables.set(name, { partitionKey, items: new Map() });
  }
  /** @type {RecordedDynamoDBRequest[]} */
  const requests = [];
  /** @type {Map<string, { type: string, after: number }>} */
  const failures = new Map();
  let unprocessedNext = 0;
  const sockets = new Set();

  /** @param {string} name */
  function tableOf(name) {
    const table = tables.get(name);
    if (table === undefined) {
      throw new DynamoDBError('ResourceNotFoundException', 'Requested resource not found');
    }
    return table;
  }

  /** @param {{ partitionKey: string }} table @param {AttributeMap | undefined} key */
  function keyOf(table, key) {
    const value = key?.[table.partitionKey];
    if (value?.S === undefined || Object.keys(key ?? {}).length !== 1) {
      throw validation('The provided key element does not match the schema');
    }
    return value.S;
  }

  /** @type {Record<string, (body: any) => unknown>} */
  const operations = {
    Scan(body) {
      const table = tableOf(body.TableName);
      const matches = filterOf(body);
      const project = projectionOf(body);
      const keys = [...table.items.keys()].sort();
      const start =
        body.ExclusiveStartKey === undefined
          ? 0
          : keys.findIndex((k) => k > keyOf(table, body.ExclusiveStartKey));
      const limit = Math.min(body.Limit ?? pageSize, pageSize);
      const evaluated = start === -1 ? [] : keys.slice(start, start + limit);
      const Items = evaluated
        .map((key) => /** @type {AttributeMap} */ (table.items.get(key)))
        .filter(matches)
        .map(project);
      /** @type {Record<string, unknown>} */
      const page = { Count: Items.length, Items, ScannedCount: evaluated.length };
      if (start !== -1 && start + limit < keys.length) {
        page.LastEvaluatedKey = { [table.partitionKey]: { S: evaluated[evaluated.length - 1] } };
      }
      return page;
    },
    BatchWriteItem(body) {
      const entries = Object.entries(body.RequestItems ?? {});
      const total = entries.reduce((sum, [, list]) => sum + /** @type {any[]} */ (list).length, 0);
      if (total < 1 || total > 25) {
        throw validation(
          "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length less than or equal to 25",
        );
      }
      // A throttled BatchWriteItem leaves some requests undone and returns them as UnprocessedItems;
      // leaveUnprocessed(n) makes the next one leave its last n requests.
      let skip = Math.min(unprocessedNext, total);
      unprocessedNext = 0;
      /** @type {Record<string, unknown[]>} */
      const UnprocessedItems = {};
      for (const [name, list] of entries.reverse()) {
        const requestsOfTable = /** @type {any[]} */ (list);
        const left = requestsOfTable.slice(requestsOfTable.length - Math.min(skip, requestsOfTable.length));
        skip -= left.length;
        if (left.length > 0) UnprocessedItems[name] = left;
        const table = tableOf(name);
        for (const request of requestsOfTable.slice(0, requestsOfTable.length - left.length)) {
          if (request.DeleteRequest !== undefined)
            table.items.delete(keyOf(table, request.DeleteRequest.Key));
          else if (request.PutRequest !== undefined) {
            const item = request.PutRequest.Item;
            table.items.set(keyOf(table, { [table.partitionKey]: item?.[table.partitionKey] }), item);
          } else throw validation('A write request must hold a DeleteRequest or a PutRequest');
        }
      }
      return { UnprocessedItems };
    },
  };

  /** @param {import('node:http').IncomingMessage} request @param {import('node:http').ServerResponse} response */
  async function answer(request, response) {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    const signingService = SIGV4.exec(String(request.headers.authorization ?? ''))?.[1];
    /** @type {RecordedDynamoDBRequest} */
    const record = { operation, body: undefined, signingService, status: 200 };
    requests.push(record);
    /** @type {Record<string, string>} */
    const headers = { 'content-type': JSON_1_0, 'x-amzn-requestid': randomUUID() };
    try {
      if (request.method !== 'POST' || request.headers['content-type'] !== JSON_1_0) {
        throw new DynamoDBError('SerializationException', `Expected a POST of ${JSON_1_0}`);
      }
      if (signingService !== 'dynamodb') {
        throw new DynamoDBError(
          'MissingAuthenticationTokenException',
          'Request is missing a SigV4 signature for dynamodb',
          403,
        );
      }
      const handle = operations[operation];
      if (handle === undefined)
        throw new DynamoDBError(
          'UnknownOperationException',
          `The local endpoint does not implement ${target}`,
        );
      record.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const failure = failures.get(operation);
      if (failure !== undefined && failure.after-- === 0) {
        failures.delete(operation);
        const status = SERVER_ERRORS[/** @type {keyof typeof SERVER_ERRORS} */ (failure.type)] ?? 400;
        throw new DynamoDBError(failure.type, `${failure.type} (injected by the local endpoint)`, status);
      }
      const result = JSON.stringify(handle(record.body));
      response.writeHead(200, headers);
      response.end(result);
    } catch (error) {
      if (!(error instanceof DynamoDBError)) throw error;
      record.status = error.status;
      response.writeHead(error.status, headers);
      response.end(
        JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${error.type}`, message: error.message }),
      );
    }
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error) => {
      response.writeHead(500);
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
    url,
    clientConfig: {
      endpoint: url,
      region,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'local-secret-access-key' },
      maxAttempts: 1,
    },
    requests,
    requestsOf: (operation) => requests.filter((request) => request.operation === operation),
    putItem(name, item) {
      const table = tableOf(name);
      table.items.set(keyOf(table, { [table.partitionKey]: item[table.partitionKey] }), item);
    },
    items(name) {
      const table = tableOf(name);
      return [...table.items.keys()].sort().map((key) => /** @type {AttributeMap} */ (table.items.get(key)));
    },
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

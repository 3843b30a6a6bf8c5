// A real DynamoDB implementation for tests and `npm start`: dynalite (npm), in memory, started in
// this process on a free port of 127.0.0.1, with the tables created through the real
// @aws-sdk/client-dynamodb. Scan paging (1 MB pages), filters, projections and BatchWriteItem are
// dynalite's, not ours.
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** @typedef {Record<string, any>} AttributeMap an item or a key, as DynamoDB attribute values */

/**
 * @typedef {object} DynamoDBClientSettings
 * @property {string} endpoint
 * @property {string} region
 * @property {{ accessKeyId: string, secretAccessKey: string }} credentials
 * @property {number} maxAttempts
 */

/**
 * @typedef {object} LocalDynamoDB
 * @property {string} url
 * @property {DynamoDBClientSettings} clientConfig
 *   a configuration for the real DynamoDBClient: this endpoint, dummy credentials, no SDK retries
 * @property {(table: string, items: AttributeMap[]) => Promise<void>} putItems
 * @property {(table: string, partitionKey: string) => Promise<string[]>} keys
 *   the partition keys (strings) of the table's items, sorted
 * @property {() => Promise<void>} close
 */

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;

/**
 * Starts dynalite and creates these tables (a string partition key each, on-demand capacity).
 *
 * @example
 * const dynamodb = await startLocalDynamoDB({ tables: { sessions: { partitionKey: 'pk' } } });
 * await dynamodb.putItems('sessions', [{ pk: { S: 'session#1' }, expiresAt: { N: '1700000000' } }]);
 * const client = new DynamoDBClient(dynamodb.clientConfig);
 *
 * @param {{ tables: Record<string, { partitionKey: string }>, region?: string }} options
 * @returns {Promise<LocalDynamoDB>}
 */
export async function startLocalDynamoDB(options) {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const sockets = new Set();
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
  /** @type {DynamoDBClientSettings} */
  const clientConfig = {
    endpoint: url,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dynalite-secret-access-key' },
    maxAttempts: 1,
  };
  const client = new DynamoDBClient(clientConfig);
  for (const [TableName, { partitionKey }] of Object.entries(options.tables)) {
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
      }),
    );
    // dynalite answers CREATING and turns the table ACTIVE on a timer; until then item requests fail.
    while ((await client.send(new DescribeTableCommand({ TableName }))).Table?.TableStatus !== 'ACTIVE')
      await new Promise((resolve) => setTimeout(resolve, 5));
  }

  return {
    url,
    clientConfig,
    async putItems(table, items) {
      for (let i = 0; i < items.length; i += BATCH_SIZE) {
        /** @type {any[] | undefined} */
        let pending = items.slice(i, i + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
        while (pending !== undefined && pending.length > 0) {
          /** @type {import('@aws-sdk/client-dynamodb').BatchWriteItemCommandOutput} */
          const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
          pending = output.UnprocessedItems?.[table];
        }
      }
    },
    async keys(table, partitionKey) {
      const keys = [];
      /** @type {AttributeMap | undefined} */
      let ExclusiveStartKey;
      do {
        const page = await client.send(
          new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey }),
        );
        for (const item of page.Items ?? []) keys.push(String(item[partitionKey]?.S));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey !== undefined);
      return keys.sort();
    },
    async close() {
      client.destroy();
      // Warm SDK clients keep their connections open; the server's close would wait for them.
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

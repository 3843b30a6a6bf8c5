// Test helper (not published): dynalite, a DynamoDB implementation in memory, started in this
// process and reached by the real @aws-sdk/client-dynamodb through AWS_ENDPOINT_URL_DYNAMODB.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

const ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'dynalite-access-key-id',
  AWS_SECRET_ACCESS_KEY: 'dynalite-secret-access-key',
  AWS_MAX_ATTEMPTS: '1',
  AWS_LAMBDA_FUNCTION_NAME: 'payments',
};

export interface Dynalite {
  endpoint(): string;
  /** A new table with Powertools' default layout (partition key `id`), or a composite key. */
  table(options?: { sortKey?: string; keyAttr?: string }): Promise<string>;
  /** The raw item of a key, as DynamoDB stores it. */
  item(tableName: string, key: Record<string, string>): Promise<Record<string, any> | undefined>;
  put(tableName: string, item: Record<string, any>): Promise<void>;
  /** Sets attributes of an item (e.g. an expiry in the past). */
  set(tableName: string, key: Record<string, string>, values: Record<string, any>): Promise<void>;
  client(): DynamoDBClient;
}

/** Starts dynalite for the test file and points the SDK at it, with the function name `payments`. */
export function useDynalite(): Dynalite {
  let server: ReturnType<typeof dynalite>;
  let endpoint = '';
  let client: DynamoDBClient;
  let tables = 0;
  let saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new DynamoDBClient({
      endpoint,
      region: ENV.AWS_REGION,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    const keys = [...Object.keys(ENV), 'AWS_ENDPOINT_URL_DYNAMODB'];
    saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
    Object.assign(process.env, ENV, { AWS_ENDPOINT_URL_DYNAMODB: endpoint });
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  return {
    endpoint: () => endpoint,
    client: () => client,
    async table(options = {}) {
      tables += 1;
      const TableName = `idempotency-${tables}`;
      const keyAttr = options.keyAttr ?? 'id';
      const keys = [{ AttributeName: keyAttr, KeyType: 'HASH' as const }];
      const definitions = [{ AttributeName: keyAttr, AttributeType: 'S' as const }];
      if (options.sortKey !== undefined) {
        keys.push({ AttributeName: options.sortKey, KeyType: 'RANGE' as never });
        definitions.push({ AttributeName: options.sortKey, AttributeType: 'S' });
      }
      await client.send(
        new CreateTableCommand({
          TableName,
          KeySchema: keys,
          AttributeDefinitions: definitions,
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      // dynalite answers CREATING and turns the table ACTIVE on a timer; until then every item
      // request fails with ResourceNotFoundException, which a loaded machine can let a test reach.
      for (;;) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName }));
        if (Table?.TableStatus === 'ACTIVE') return TableName;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async item(TableName, key) {
      const Key = Object.fromEntries(Object.entries(key).map(([name, value]) => [name, { S: value }]));
      const output = await client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }));
      return output.Item;
    },
    async put(TableName, Item) {
      await client.send(new PutItemCommand({ TableName, Item }));
    },
    async set(TableName, key, values) {
      const Key = Object.fromEntries(Object.entries(key).map(([name, value]) => [name, { S: value }]));
      const names = Object.keys(values);
      await client.send(
        new UpdateItemCommand({
          TableName,
          Key,
          UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, values[name]])),
        }),
      );
    },
  };
}

/** The idempotency key of a payload hashed whole with md5, for the function `payments`. */
export function keyOf(payload: unknown): string {
  return `payments#${createHash('md5').update(JSON.stringify(payload)).digest('base64')}`;
}

// DynamoDBProvider against a real DynamoDB implementation running in this process: dynalite (in
// memory), reached by the real @aws-sdk/client-dynamodb through AWS_ENDPOINT_URL_DYNAMODB.
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import dynalite from 'dynalite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useEmulators } from '../../test/test-helpers.js';
import { createActiveTable } from '../../test/test-tables.js';
import { GetParameterError, ParameterNotFoundError, ParameterOptionsError } from '../errors/index.js';
import { clearCaches } from '../index.js';
import { DynamoDBProvider } from './index.js';

useEmulators();

const ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'dynalite-secret-access-key',
  AWS_MAX_ATTEMPTS: '1',
};
let server: ReturnType<typeof dynalite>;
let endpoint: string;
let tableCount = 0;
let saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
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

/** A new table with a partition key `id` and a sort key `sk` (when `withSort`), holding `items`. */
async function table(items: Record<string, unknown>[], withSort = false): Promise<string> {
  const name = `params-${++tableCount}`;
  const client = new DynamoDBClient({
    endpoint,
    region: ENV.AWS_REGION,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  await createActiveTable(client, {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'id', AttributeType: 'S' },
      ...(withSort ? [{ AttributeName: 'sk', AttributeType: 'S' as const }] : []),
    ],
    KeySchema: [
      { AttributeName: 'id', KeyType: 'HASH' },
      ...(withSort ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : []),
    ],
  });
  for (const item of items) await client.send(new PutItemCommand({ TableName: name, Item: marshall(item) }));
  client.destroy();
  return name;
}

describe('DynamoDBProvider on dynalite', () => {
  it('gets the value attribute of the item whose partition key is the name', async () => {
    const tableName = await table([{ id: 'limits', value: '{"max":5}' }]);
    const provider = new DynamoDBProvider({ tableName });

    const value = await provider.get('limits', { transform: 'json' });

    expect(value).toEqual({ max: 5 });
  });

  it('resolves a missing item to undefined, or rejects with ParameterNotFoundError under throwOnMissing', async () => {
    const tableName = await table([]);
    const provider = new DynamoDBProvider({ tableName });

    const missing = await provider.get('nope');
    const error = await provider.get('nope', { throwOnMissing: true }).catch((e) => e);

    expect(missing).toBeUndefined();
    expect(error).toBeInstanceOf(ParameterNotFoundError);
  });

  it('gets every item of a partition keyed by sort key, with custom attribute names', async () => {
    const tableName = await table(
      [
        { id: 'app', sk: 'a', value: 'one' },
        { id: 'app', sk: 'b.json', value: '{"two":2}' },
        { id: 'other', sk: 'c', value: 'three' },
      ],
      true,
    );
    const provider = new DynamoDBProvider({ tableName, keyAttr: 'id', sortAttr: 'sk', valueAttr: 'value' });

    const values = await provider.getMultiple('app', { transform: 'auto' });

    expect(values).toEqual({ a: 'one', 'b.json': { two: 2 } });
  });

  it('serves a cached value until clearCaches()', async () => {
    const tableName = await table([{ id: 'flag', value: 'on' }]);
    const provider = new DynamoDBProvider({ tableName });
    const first = await provider.get('flag');
    const writer = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    await writer.send(
      new PutItemCommand({ TableName: tableName, Item: marshall({ id: 'flag', value: 'off' }) }),
    );

    const cached = await provider.get('flag');
    clearCaches();
    const fresh = await provider.get('flag');

    expect([first, cached, fresh]).toEqual(['on', 'on', 'off']);
  });

  it('rejects with GetParameterError carrying the DynamoDB error for a table that does not exist', async () => {
    const provider = new DynamoDBProvider({ tableName: 'no-such-table' });

    const error = await provider.get('x').catch((e) => e);

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error.cause.name).toBe('ResourceNotFoundException');
  });

  it('refuses an invalid table name at construction, naming tableName', () => {
    expect(() => new DynamoDBProvider({ tableName: 'a' })).toThrow(ParameterOptionsError);
    expect(() => new DynamoDBProvider({ tableName: 'a' })).toThrow(/tableName/);
  });
});

// The same calls through @aws-lambda-powertools/parameters and @lambkit/parameters, imported by the
// same specifiers but for the prefix, against the same local endpoints the real AWS SDK clients
// talk to: each must resolve to the same value, or reject with an error of the same class.
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  type AppConfigDataEndpoint,
  type AwsEndpoint,
  startAppConfigDataEndpoint,
  startAwsEndpoint,
} from '@lambkit/local';
import { captureOutput } from '@lambkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// dynalite (a DynamoDB implementation in memory) ships no declarations.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: { createTableMs: number }) => Server;

type Library = '@aws-lambda-powertools' | '@lambkit';
const LIBRARIES: Library[] = ['@aws-lambda-powertools', '@lambkit'];

function load(library: Library, subpath: string): Promise<Record<string, any>> {
  return import(/* @vite-ignore */ `${library}/parameters/${subpath}`);
}

let aws: AwsEndpoint;
let appconfig: AppConfigDataEndpoint;
let dynamo: Server;
let dynamoConfig: Record<string, unknown>;

beforeAll(async () => {
  aws = await startAwsEndpoint({
    parameters: {
      '/app/url': 'https://example.test',
      '/app/config.json': '{"limit":3}',
      '/app/key': { value: 'k-1', type: 'SecureString' },
    },
    secrets: { 'db-credentials': '{"user":"app"}' },
  });
  appconfig = await startAppConfigDataEndpoint({ configurations: { 'shop/prod/flags': '{"beta":true}' } });
  dynamo = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', resolve));
  dynamoConfig = {
    endpoint: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dynalite' },
    maxAttempts: 1,
  };
  const client = new DynamoDBClient(dynamoConfig);
  await client.send(
    new CreateTableCommand({
      TableName: 'parameters',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'id', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  // dynalite answers CREATING and turns the table ACTIVE on a timer; until then item requests fail.
  while (
    (await client.send(new DescribeTableCommand({ TableName: 'parameters' }))).Table?.TableStatus !== 'ACTIVE'
  )
    await new Promise((resolve) => setTimeout(resolve, 5));
  for (const item of [
    { id: 'limits', sk: 'x', value: '{"max":5}' },
    { id: 'app', sk: 'a', value: 'one' },
    { id: 'app', sk: 'b', value: 'two' },
  ]) {
    await client.send(new PutItemCommand({ TableName: 'parameters', Item: marshall(item) }));
  }
  client.destroy();
});

afterAll(async () => {
  await aws.close();
  await appconfig.close();
  await new Promise((resolve) => dynamo.close(resolve));
});

interface Case {
  name: string;
  run(library: Library): Promise<unknown>;
}

const cases: Case[] = [
  {
    name: 'SSMProvider#get',
    run: async (library) =>
      new (await load(library, 'ssm')).SSMProvider({ clientConfig: aws.clientConfig }).get('/app/url'),
  },
  {
    name: 'SSMProvider#get with transform json',
    run: async (library) =>
      new (await load(library, 'ssm')).SSMProvider({ clientConfig: aws.clientConfig }).get(
        '/app/config.json',
        {
          transform: 'json',
        },
      ),
  },
  {
    name: 'SSMProvider#get with decrypt',
    run: async (library) =>
      new (await load(library, 'ssm')).SSMProvider({ clientConfig: aws.clientConfig }).get('/app/key', {
        decrypt: true,
      }),
  },
  {
    name: 'SSMProvider#get of a missing parameter',
    run: async (library) =>
      new (await load(library, 'ssm')).SSMProvider({ clientConfig: aws.clientConfig }).get('/app/missing'),
  },
  {
    name: 'SSMProvider#getMultiple with transform auto',
    run: async (library) =>
      new (await load(library, 'ssm')).SSMProvider({ clientConfig: aws.clientConfig }).getMultiple('/app', {
        transform: 'auto',
      }),
  },
  {
    name: 'SSMProvider#getParametersByName with throwOnError false',
    run: async (library) =>
      new (await load(library, 'ssm')).SSMProvider({ clientConfig: aws.clientConfig }).getParametersByName(
        { '/app/url': {}, '/app/missing': {} },
        { throwOnError: false },
      ),
  },
  {
    name: 'SecretsProvider#get with transform json',
    run: async (library) =>
      new (await load(library, 'secrets')).SecretsProvider({ clientConfig: aws.clientConfig }).get(
        'db-credentials',
        {
          transform: 'json',
        },
      ),
  },
  {
    name: 'AppConfigProvider#get with transform json',
    run: async (library) =>
      new (await load(library, 'appconfig')).AppConfigProvider({
        application: 'shop',
        environment: 'prod',
        clientConfig: appconfig.clientConfig,
      }).get('flags', { transform: 'json' }),
  },
  {
    name: 'DynamoDBProvider#get and getMultiple',
    run: async (library) => {
      const provider = new (await load(library, 'dynamodb')).DynamoDBProvider({
        tableName: 'parameters',
        clientConfig: dynamoConfig,
      });
      return [await provider.getMultiple('app'), await provider.get('limits').catch((e: Error) => e.name)];
    },
  },
];

/**
 * What a call gave: its value, or which of the library's own error classes its error is an
 * instance of (what a switcher's `catch` tests). lambkit's ParameterNotFoundError for a missing SSM
 * parameter, where Powertools throws GetParameterError, is caught the same way: it extends it.
 */
async function outcome(library: Library, run: () => Promise<unknown>): Promise<unknown> {
  const { result, error } = await captureOutput(run);
  if (error === undefined) return { value: result };
  const errors = await load(library, 'errors');
  const classes = ['GetParameterError', 'TransformParameterError', 'SetParameterError'];
  return { error: classes.filter((name) => error instanceof errors[name]) };
}

describe('@lambkit/parameters resolves the same values as @aws-lambda-powertools/parameters', () => {
  it.each(cases)('$name', async ({ run }) => {
    const results: unknown[] = [];

    for (const library of LIBRARIES) results.push(await outcome(library, () => run(library)));

    expect(results[1]).toEqual(results[0]);
  });
});

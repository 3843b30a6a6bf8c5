import type { AddressInfo } from 'node:net';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { captureOutput, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import dynalite from 'dynalite';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { closedPort, everythingIn, useEmulators } from '../test/test-helpers.js';
import { createActiveTable } from '../test/test-tables.js';
import { AppConfigProvider } from './appconfig/index.js';
import { DynamoDBProvider } from './dynamodb/index.js';
import {
  clearCaches,
  GetParameterError,
  getParameter,
  getParametersByName,
  getSecret,
  ParameterOptionsError,
  parameters,
  TransformParameterError,
} from './index.js';
import { SecretsProvider } from './secrets/index.js';
import { SSMProvider, setParameter } from './ssm/index.js';

const emulators = useEmulators();

describe('bad input', () => {
  const cases: Array<[string, () => Promise<unknown>, string]> = [
    [
      'an empty name',
      () => getParameter(''),
      'Invalid name for "": must be a non-empty string, got an empty string',
    ],
    [
      'a name that is not a string',
      () => getParameter(42 as never),
      'Invalid name for "42": must be a non-empty string, got number',
    ],
    [
      'a name with a space',
      () => getParameter('/app/db url'),
      'Invalid name for "/app/db url": a parameter name may only contain letters, digits, ".", "-", "_" and "/" (or be an ssm parameter ARN)',
    ],
    [
      'an unknown transform',
      () => getParameter('/app/config', { transform: 'yaml' as never }),
      `Invalid transform for "/app/config": must be 'json', 'binary' or 'auto', got "yaml"`,
    ],
    [
      'both version and label',
      () => getParameter('/app/flag', { version: 2, label: 'prod' }),
      'Invalid version and label for "/app/flag": give either a version or a label, not both',
    ],
    [
      'version 0',
      () => getParameter('/app/flag', { version: 0 }),
      'Invalid version for "/app/flag": must be a whole number >= 1, got 0',
    ],
    [
      'a negative maxAge',
      () => getParameter('/app/flag', { maxAge: -1 }),
      'Invalid maxAge for "/app/flag": must be a number of seconds >= 0 (or Infinity), got -1',
    ],
    [
      'an unknown transport',
      () => getParameter('/app/flag', { transport: 'http' as never }),
      `Invalid transport for "/app/flag": must be 'auto', 'extension' or 'sdk', got "http"`,
    ],
    [
      'an empty secret id',
      () => getSecret(''),
      'Invalid secretId for "": must be a non-empty string, got an empty string',
    ],
    [
      'both versionStage and versionId',
      () => getSecret('db-password', { versionStage: 'AWSCURRENT', versionId: 'abc' }),
      'Invalid versionStage and versionId for "db-password": give either a versionStage or a versionId, not both',
    ],
  ];

  for (const [what, call, message] of cases) {
    it(`rejects ${what} with ParameterOptionsError naming the parameter and the rule, before any request`, async () => {
      const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });

      const error = (await call().catch((e: unknown) => e)) as ParameterOptionsError;

      expect(error).toBeInstanceOf(ParameterOptionsError);
      expect(error.message).toBe(message);
      expect(extension.requestCount).toBe(0);
    });
  }

  it('rejects a JSON transform of a value that is not JSON, naming the parameter and the transform', async () => {
    await emulators.extension({ parameters: { '/app/config': 'retries=3' } });

    const error = await getParameter('/app/config', { transform: 'json' }).catch((e) => e);

    expect(error).toBeInstanceOf(TransformParameterError);
    expect(error).toMatchObject({ parameter: '/app/config', transform: 'json' });
    expect(error.message).toBe(
      `Unable to transform value of "/app/config" using 'json' transform: the value is not valid JSON`,
    );
  });

  it('rejects a binary transform of a value that is not base64', async () => {
    await emulators.extension({ parameters: { '/app/logo': 'not base64!' } });

    const error = await getParameter('/app/logo', { transform: 'binary' }).catch((e) => e);

    expect(error).toBeInstanceOf(TransformParameterError);
    expect(error.message).toContain('not valid base64');
  });

  it('throws at creation for a middleware entry with neither parameter nor secret', () => {
    expect(() => parameters({ fetch: { dbUrl: { maxAge: 5 } as never } })).toThrow(
      'Invalid fetch for "dbUrl": each entry needs exactly one of "parameter" or "secret"',
    );
  });

  it('throws at creation for a middleware entry with both version and label', () => {
    expect(() => parameters({ fetch: { flag: { parameter: '/app/flag', version: 1, label: 'x' } } })).toThrow(
      ParameterOptionsError,
    );
  });
});

describe('no value ever leaks', () => {
  const SECRET = 'SuperSecret-Value-7f3a9c';
  const WHERE = { application: 'shop', environment: 'prod' } as const;
  const JSON_TRANSFORM = { transform: 'json' } as const;
  const TREE_ITEMS = [
    { id: 'tree', sk: 'a', value: SECRET },
    { id: 'tree', sk: 'b', value: `${SECRET}!` },
  ];

  it('keeps values, the session token and SDK credentials out of every error and every output line', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/config': SECRET, '/app/logo': `${SECRET}!`, '/app/ok': 'fine' },
      secrets: { 'db-password': SECRET, 'db-blob': new TextEncoder().encode(SECRET) },
    });
    const aws = await emulators.aws({
      parameters: { '/app/config': SECRET },
      secrets: { 'db-password': SECRET },
    });
    const sdk = { transport: 'sdk', clientConfig: aws.clientConfig } as const;
    const forbidden = [SECRET, extension.token, aws.clientConfig.credentials.secretAccessKey];
    const handler = middy(async () => 'unreachable').use(
      parameters({ fetch: { config: { parameter: '/app/config', transform: 'json' } }, prefetch: false }),
    );

    const {
      result: errors,
      stdoutLines,
      stderrLines,
    } = await captureOutput(async () => {
      const failures: unknown[] = [];
      const attempts: Array<() => Promise<unknown>> = [
        () => getParameter('/app/config', { transform: 'json' }),
        () => getParameter('/app/logo', { transform: 'binary' }),
        () => getSecret('db-password', { transform: 'json' }),
        () => getSecret('db-blob', { transform: 'json' }),
        () => getParameter('/app/config', { ...sdk, transform: 'json' }),
        () => getSecret('db-password', { ...sdk, transform: 'binary' }),
        () => getParametersByName({ '/app/config': { transform: 'json' } }),
        () => handler({}, createContext() as Context),
      ];
      aws.failNext(1, { type: 'AccessDeniedException', message: 'not authorized' });
      attempts.push(() => getParameter('/app/ok', { ...sdk, forceFetch: true }));
      extension.failNext(1, 403, 'AccessDeniedException: not authorized');
      attempts.push(() => getParameter('/app/ok', { forceFetch: true }));
      for (const attempt of attempts) failures.push(await attempt().catch((e) => e));
      const graceful = await getParametersByName(
        { '/app/config': { transform: 'json' } },
        { throwOnError: false, forceFetch: true },
      );
      failures.push(JSON.stringify(graceful));
      return failures;
    });

    expect(errors).toHaveLength(11);
    for (const error of errors ?? []) {
      if (typeof error !== 'string') expect(error).toBeInstanceOf(Error);
      const text = everythingIn(error);
      for (const value of forbidden) expect(text).not.toContain(value);
    }
    const output = [...stdoutLines, ...stderrLines].map((line) => line.text).join('\n');
    for (const value of forbidden) expect(output).not.toContain(value);
  });

  it('keeps values and credentials out of the errors and output of every provider', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/config': SECRET },
      secrets: { 'db-password': SECRET },
    });
    const aws = await emulators.aws({
      parameters: { '/app/config': SECRET, '/app/tree/a': SECRET, '/app/tree/b': `${SECRET}!` },
      secrets: { 'db-password': SECRET },
    });
    await emulators.appconfigAgent({ configurations: { 'shop/prod/cfg': SECRET } });
    const data = await emulators.appconfigData({ configurations: { 'shop/prod/cfg': SECRET } });
    const dynamo = await startDynalite();
    const tableName = await dynamo.table('leak-values', [{ id: 'config', value: SECRET }]);
    const treeName = await dynamo.table('leak-trees', TREE_ITEMS, { withSortKey: true });
    const sdk = { transport: 'sdk', clientConfig: aws.clientConfig } as const;
    const ssm = new SSMProvider();
    const ssmSdk = new SSMProvider(sdk);
    const secrets = new SecretsProvider();
    const secretsSdk = new SecretsProvider(sdk);
    const appconfig = new AppConfigProvider(WHERE);
    const appconfigSdk = new AppConfigProvider({
      ...WHERE,
      transport: 'sdk',
      clientConfig: data.clientConfig,
    });
    const table = new DynamoDBProvider({ tableName, clientConfig: dynamo.clientConfig });
    const trees = new DynamoDBProvider({ tableName: treeName, clientConfig: dynamo.clientConfig });
    const forbidden = [
      SECRET,
      extension.token,
      aws.clientConfig.credentials.secretAccessKey,
      data.clientConfig.credentials.secretAccessKey,
      dynamo.clientConfig.credentials.secretAccessKey,
    ];

    const { result, error, stdoutLines, stderrLines } = await captureOutput(async () => {
      const failures = await failuresOf([
        () => ssm.get('/app/config', JSON_TRANSFORM),
        () => ssmSdk.get('/app/config', { transform: 'binary' }),
        () => ssmSdk.getMultiple('/app/tree', { ...JSON_TRANSFORM, throwOnTransformError: true }),
        () => ssmSdk.getParametersByName({ '/app/config': JSON_TRANSFORM }),
        () => secrets.get('db-password', JSON_TRANSFORM),
        () => secretsSdk.get('db-password', { ...JSON_TRANSFORM, fetchRotationDate: true }),
        () => appconfig.get('cfg', JSON_TRANSFORM),
        () => appconfig.get('cfg', { transform: 'binary' }),
        () => appconfigSdk.get('cfg', JSON_TRANSFORM),
        () => table.get('config', JSON_TRANSFORM),
        () => trees.getMultiple('tree', { ...JSON_TRANSFORM, throwOnTransformError: true }),
        () => {
          aws.failNext(1, { type: 'AccessDeniedException', message: 'not authorized' });
          return secretsSdk.get('db-password', { forceFetch: true });
        },
        () => {
          data.failNext(1, { type: 'AccessDeniedException', status: 403 });
          return appconfigSdk.get('cfg', { forceFetch: true });
        },
        async () => {
          // 'auto' without the agent: one warning, then the SDK, whose answer is not JSON either.
          process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT = String(await closedPort());
          clearCaches();
          return new AppConfigProvider({ ...WHERE, clientConfig: data.clientConfig }).get(
            'cfg',
            JSON_TRANSFORM,
          );
        },
      ]);
      // What a graceful getParametersByName and a lenient getMultiple give instead of throwing.
      const graceful = await ssmSdk.getParametersByName(
        { '/app/config': JSON_TRANSFORM },
        { throwOnError: false },
      );
      const lenient = await trees.getMultiple('tree', JSON_TRANSFORM);
      return { failures, returned: JSON.stringify({ graceful, lenient }) };
    });

    expect(error).toBeUndefined();
    expect(result?.failures).toHaveLength(14);
    expectNoneOf(forbidden, result?.failures ?? []);
    for (const value of forbidden) expect(result?.returned).not.toContain(value);
    const output = [...stdoutLines, ...stderrLines].map((line) => line.text).join('\n');
    expect(output).toContain('AWS-AppConfig-Extension');
    for (const value of forbidden) expect(output).not.toContain(value);
  });

  it('keeps the value written out of the errors of setParameter and SSMProvider#set', async () => {
    const aws = await emulators.aws({ parameters: { '/app/config': 'old' } });
    const ssm = new SSMProvider({ clientConfig: aws.clientConfig });

    const { result: failures, error } = await captureOutput(() =>
      failuresOf([
        () => ssm.set('/app/config', { value: SECRET }), // exists, and overwrite is off
        () => setParameter('/app/config', { value: SECRET, parameterType: 'Secret' as never }),
        () => setParameter('/app/new', { value: { secret: SECRET } as never }),
        () => {
          // AWS validation messages can quote the input, the value written included.
          aws.failNext(1, {
            type: 'ValidationException',
            message: `1 validation error detected: Value '${SECRET}' at 'value' failed to satisfy constraint`,
          });
          return ssm.set('/app/new', { value: SECRET, parameterType: 'SecureString' });
        },
      ]),
    );

    expect(error).toBeUndefined();
    expect(failures).toHaveLength(4);
    expectNoneOf([SECRET, aws.clientConfig.credentials.secretAccessKey], failures ?? []);
  });

  it("keeps the session token of the function's credentials out of the AWS SDK errors it gives as cause", async () => {
    const extension = await emulators.extension(); // sets AWS_SESSION_TOKEN, as Lambda does
    const aws = await emulators.aws({
      parameters: { '/app/config': 'old' },
      secrets: { 'db-password': SECRET },
    });
    const data = await emulators.appconfigData({ configurations: { 'shop/prod/cfg': SECRET } });
    const dynamo = await startDynalite();
    // Every client from the environment, as in a function: region, endpoints and credentials.
    vi.stubEnv('AWS_REGION', aws.region);
    vi.stubEnv('AWS_ENDPOINT_URL_SSM', aws.url);
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', aws.url);
    vi.stubEnv('AWS_ENDPOINT_URL_APPCONFIGDATA', data.clientConfig.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.clientConfig.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEFUNCTION');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'function-role-secret-access-key');
    vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const sdk = { transport: 'sdk' } as const;

    const { result: failures, error } = await captureOutput(() =>
      failuresOf([
        () => setParameter('/app/config', { value: 'new' }), // ParameterAlreadyExists
        () => {
          aws.failNext(1, { type: 'AccessDeniedException', message: 'not authorized' });
          return getSecret('db-password', sdk);
        },
        () => {
          aws.failNext(1, { type: 'AccessDeniedException', message: 'not authorized' });
          return new SSMProvider(sdk).get('/app/config');
        },
        () => {
          data.failNext(1, { type: 'AccessDeniedException', status: 403 });
          return new AppConfigProvider({ ...WHERE, ...sdk }).get('cfg');
        },
        () => new DynamoDBProvider({ tableName: 'no-such-table' }).get('config'), // ResourceNotFoundException
      ]),
    );

    expect(error).toBeUndefined();
    expect(failures).toHaveLength(5);
    for (const failure of failures ?? []) expect((failure as Error).cause).toHaveProperty('$metadata');
    expectNoneOf([extension.token, 'function-role-secret-access-key'], failures ?? []);
  });

  it('gives a GetParameterError whose cause is the HTTP status and error body, not the value', async () => {
    await emulators.extension({
      parameters: { '/app/flag': 'on' },
      failFirst: 1,
      failStatus: 403,
      failBody: 'AccessDeniedException: explicit deny',
    });

    const error = await getParameter('/app/flag').catch((e) => e);

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error.cause.message).toBe('HTTP 403: AccessDeniedException: explicit deny');
  });
});

/** What each call rejects with, in order; a call that resolves fails the test. */
async function failuresOf(calls: Array<() => Promise<unknown>>): Promise<unknown[]> {
  const failures: unknown[] = [];
  for (const call of calls) {
    failures.push(
      await call().then(
        (value) => new Error(`expected a rejection, got ${typeof value}`),
        (error: unknown) => error,
      ),
    );
  }
  return failures;
}

/** Asserts that each failure is an Error that shows none of these strings, however deep one looks. */
function expectNoneOf(forbidden: Array<string | undefined>, failures: unknown[]): void {
  for (const failure of failures) {
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toMatch(/^expected a rejection/);
    const text = everythingIn(failure);
    for (const value of forbidden) {
      expect(value).toBeTruthy();
      expect(text).not.toContain(value);
    }
  }
}

/** dynalite (a DynamoDB in memory) for one test, closed after it; tables made through the real client. */
async function startDynalite() {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const clientConfig = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dynalite-leak-test-secret-key' },
    maxAttempts: 1,
  };
  const client = new DynamoDBClient(clientConfig);
  onTestFinished(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    clientConfig,
    /** A table keyed by `id` (and `sk`, withSortKey) holding these items (string attributes). */
    async table(
      TableName: string,
      items: Record<string, string>[],
      { withSortKey = false } = {},
    ): Promise<string> {
      const keys = withSortKey ? ['id', 'sk'] : ['id'];
      await createActiveTable(client, {
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: keys.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
      });
      for (const item of items) {
        const Item = Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }]));
        await client.send(new PutItemCommand({ TableName, Item }));
      }
      return TableName;
    },
  };
}

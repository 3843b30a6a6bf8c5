import { readFileSync } from 'node:fs';
import { clearCaches } from '@lambkit/parameters';
import { captureOutput, createApiGatewayProxyEventV2, createContext } from '@lambkit/testing';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DB_SECRET_ID,
  PARTNER_API_KEY_PARAMETER,
  type SecretsConfigEnvironment,
  setup,
} from '../start-env.mjs';

// Values distinctive enough that finding them in a log line cannot be a coincidence.
const PASSWORD = 'db-pw-7f3c9a1e5b';
const API_KEY = 'pk_live_51Hx9QeZ2kT';

let local: SecretsConfigEnvironment;
let handler: typeof import('./handler.js')['handler'];

beforeAll(async () => {
  local = await setup({ password: PASSWORD, apiKey: API_KEY });
  for (const [name, value] of Object.entries(local.env)) vi.stubEnv(name, value);
  // The handler reads its environment at INIT, when its module loads.
  ({ handler } = await import('./handler.js'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await local.close();
});

beforeEach(() => {
  clearCaches(); // every test starts as a new execution environment would
  local.downstream.requests.length = 0;
  local.extension.requests.length = 0;
});

function sampleEvent(file: string): APIGatewayProxyEventV2 {
  return JSON.parse(readFileSync(new URL(`../events/${file}`, import.meta.url), 'utf8'));
}

function customerEvent(customerId: string): APIGatewayProxyEventV2 {
  return createApiGatewayProxyEventV2({
    routeKey: 'GET /customers/{customerId}',
    rawPath: `/customers/${customerId}`,
    pathParameters: { customerId },
  });
}

async function invoke(event: APIGatewayProxyEventV2) {
  const context = createContext({ functionName: 'secrets-config' }) as never;
  const captured = await captureOutput(() => handler(event, context));
  const text = [...captured.stdoutLines, ...captured.stderrLines].map((line) => line.text).join('\n');
  return { ...captured, text };
}

function useDatabasePassword(password: string): void {
  const secret = { url: local.downstream.url, username: 'reporting', password, database: 'analytics' };
  local.extension.setSecret(DB_SECRET_ID, JSON.stringify(secret));
}

describe('secrets-config handler', () => {
  it('answers with the customer from the database and the score from the partner API', async () => {
    const { result } = await invoke(sampleEvent('get-customer.json'));

    expect(result?.statusCode).toBe(200);
    expect(JSON.parse(result?.body ?? '')).toEqual({
      customerId: 'c-1001',
      name: 'Ada Lovelace',
      country: 'GB',
      creditScore: 781,
    });
  });

  it('logs in to the database with the credentials from Secrets Manager', async () => {
    await invoke(customerEvent('c-1001'));

    const query = local.downstream.requests.find((request) => request.method === 'POST');
    expect(query?.headers).toMatchObject({ 'x-clickhouse-user': 'reporting', 'x-clickhouse-key': PASSWORD });
  });

  it('calls the partner API with the key from Parameter Store', async () => {
    await invoke(customerEvent('c-1001'));

    const call = local.downstream.requests.find((request) => request.path === '/v1/credit-scores/c-1001');
    expect(call?.headers['x-api-key']).toBe(API_KEY);
  });

  it('reads both through the extension, with the session token and the SecureString decrypted', async () => {
    await invoke(customerEvent('c-1001'));

    const requests = local.extension.requests.map(({ path, query, token, status }) => ({
      path,
      query,
      token,
      status,
    }));
    expect(requests).toEqual(
      expect.arrayContaining([
        {
          path: '/secretsmanager/get',
          query: { secretId: DB_SECRET_ID },
          token: local.extension.token,
          status: 200,
        },
        {
          path: '/systemsmanager/parameters/get',
          query: { name: PARTNER_API_KEY_PARAMETER, withDecryption: 'true' },
          token: local.extension.token,
          status: 200,
        },
      ]),
    );
    expect(requests).toHaveLength(2);
  });

  it('serves warm invocations from memory, without asking the extension again', async () => {
    await invoke(customerEvent('c-1001'));
    const afterColdStart = local.extension.requestCount;

    const warm = await invoke(customerEvent('c-1002'));

    expect(warm.result?.statusCode).toBe(200);
    expect(local.extension.requestCount).toBe(afterColdStart);
  });

  it('writes no secret value, nor the session token, in any log line of a successful lookup', async () => {
    const { stdout, text } = await invoke(customerEvent('c-1001'));

    expect(stdout.map((line) => line.message)).toEqual(['customer looked up']);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(local.extension.token);
  });

  it('answers 502 and logs the failure without the password when the database refuses the credentials', async () => {
    const rotated = 'rotated-pw-0c4d2e9f';
    useDatabasePassword(rotated);
    try {
      const { result, stderr, text } = await invoke(customerEvent('c-1001'));

      expect(result?.statusCode).toBe(502);
      expect(stderr.at(-1)).toMatchObject({
        level: 'ERROR',
        message: 'customer lookup failed',
        error: { name: 'DownstreamError', message: 'database answered HTTP 401' },
      });
      expect(text).not.toContain(rotated);
      expect(text).not.toContain(API_KEY);
    } finally {
      useDatabasePassword(PASSWORD);
    }
  });

  it('answers 500 and logs which value could not be read when the extension is denied access', async () => {
    local.extension.failNext(2, 403, 'AccessDeniedException: not authorized to perform ssm:GetParameter');

    const { result, stderr, text } = await invoke(customerEvent('c-1001'));

    expect(result?.statusCode).toBe(500);
    expect(stderr.at(-1)).toMatchObject({ level: 'ERROR', message: 'customer lookup failed' });
    expect(stderr.at(-1).error.message).toMatch(
      /^Failed to get the (secret|parameter) ".+": the extension answered HTTP 403/,
    );
    expect(local.downstream.requests).toEqual([]);
    expect(text).not.toContain(PASSWORD);
  });

  it('answers 404 for a customer the database does not have, without calling the partner API', async () => {
    const { result } = await invoke(sampleEvent('get-customer-unknown.json'));

    expect(result?.statusCode).toBe(404);
    expect(local.downstream.requests.map((request) => request.method)).toEqual(['POST']);
  });

  it('answers 400 for a malformed customer id, before any downstream call', async () => {
    const { result } = await invoke(customerEvent('c 1001; DROP TABLE customers'));

    expect(result?.statusCode).toBe(400);
    expect(local.downstream.requests).toEqual([]);
  });
});

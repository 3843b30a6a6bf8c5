import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLambda } from '@lambkit/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, functionOptions, invocationRequest } from './example-invocations.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lambkit-start-'));
  writeFileSync(join(work, 'event.json'), '{"source":"aws.events"}');
  // A handler that returns the context it was given, as plain data.
  writeFileSync(
    join(work, 'index.mjs'),
    `export async function handler(event, context) {
      const { getRemainingTimeInMillis, done, fail, succeed, ...fields } = context;
      return { event, remainingMs: getRemainingTimeInMillis(), ...fields };
    }\n`,
  );
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function invocation(context?: Record<string, unknown>) {
  return { handler: 'index.mjs', event: 'event.json', ...(context === undefined ? {} : { context }) };
}

describe('npm start', () => {
  it("runs scheduled-cleanup to completion within the 60 s timeout its package.json's context gives", () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts/start.mjs'), 'scheduled-cleanup'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LAMBKIT_START_SKIP_BUILD: '1' },
    });

    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('"removed": 40');
    expect(result.stdout).toContain('"complete": true');
    expect(result.stdout).not.toContain('stopping before the function times out');
  }, 60_000);
});

describe('example invocations', () => {
  it('gives the handler every context field an invocation sets, per invocation and per function', async () => {
    const example = invocation({
      timeoutMs: 60_000,
      awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      clientContext: { custom: { tenant: 'acme' } },
      identity: { cognitoIdentityId: 'us-east-1:1234', cognitoIdentityPoolId: 'us-east-1:pool' },
      tenantId: 'acme',
      functionName: 'nightly-cleanup',
      functionVersion: '7',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/nightly-cleanup',
      logStreamName: '2026/03/10/[7]0123456789abcdef',
      region: 'eu-west-1',
    });

    const run = await runLambda({
      ...functionOptions('scheduled-cleanup', [example]),
      handler: 'index.handler',
      taskRoot: work,
      invocations: [invocationRequest(work, example)],
    });

    expect(run.failure).toBeUndefined();
    const seen = run.invocations[0]?.response as Record<string, unknown>;
    expect(seen.remainingMs).toBeGreaterThan(50_000);
    expect(seen).toMatchObject({
      event: { source: 'aws.events' },
      awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      clientContext: { custom: { tenant: 'acme' } },
      identity: { cognitoIdentityId: 'us-east-1:1234', cognitoIdentityPoolId: 'us-east-1:pool' },
      tenantId: 'acme',
      functionName: 'nightly-cleanup',
      functionVersion: '7',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/nightly-cleanup',
      logStreamName: '2026/03/10/[7]0123456789abcdef',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:nightly-cleanup',
    });
  }, 30_000);

  it('runs a function without context under the example name, with the default timeout', () => {
    const options = functionOptions('hello-api', [invocation(), invocation()]);
    const request = invocationRequest(work, invocation());

    expect(options).toEqual({ functionName: 'hello-api', timeoutMs: DEFAULT_TIMEOUT_MS, env: {} });
    expect(request).toEqual({ event: { source: 'aws.events' } });
  });

  it('fails on a context field it cannot set, naming the field and those it can', () => {
    const example = invocation({ invokedFunctionArn: 'arn:aws:lambda:us-east-1:1:function:x' });

    expect(() => invocationRequest(work, example)).toThrow(
      /^index\.mjs on event\.json: context\.invokedFunctionArn cannot be set by npm start; it can set timeoutMs, awsRequestId, .*region$/,
    );
  });

  it('fails on a timeout that is not a positive whole number of milliseconds', () => {
    expect(() => invocationRequest(work, invocation({ timeoutMs: '60s' }))).toThrow(
      'index.mjs on event.json: context.timeoutMs must be a positive whole number of milliseconds, got "60s"',
    );
  });

  it('fails when invocations of one handler give it two different function names', () => {
    const invocations = [invocation({ functionName: 'a' }), invocation({ functionName: 'b' })];

    expect(() => functionOptions('hello-api', invocations)).toThrow(
      'index.mjs on event.json: context.functionName is "b" but another invocation of the same handler gives "a"; one function has one functionName',
    );
  });
});

import { captureOutput, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  GetParameterError,
  getParameter,
  getParametersByName,
  getSecret,
  ParameterOptionsError,
  parameters,
  TransformParameterError,
} from './index.js';
import { everythingIn, useEmulators } from './test-helpers.js';

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

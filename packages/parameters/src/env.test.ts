// The environment variables parameters reads are operations' configuration: an invalid value never
// fails INIT or a handler, it warns once (variable, value, fallback) and the fallback applies.

import { captureOutput, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import { getParameter, parameters } from './index.js';

const emulators = useEmulators();

/** The warnings about environment variables among the captured stderr lines. */
function envWarnings(
  stderr: any[],
): { message: string; variable: string; value: string; fallback: string }[] {
  return stderr
    .filter((line) => line?.level === 'WARN' && typeof line.variable === 'string')
    .map(({ message, variable, value, fallback }) => ({ message, variable, value, fallback }));
}

describe('invalid environment variables', () => {
  it('an invalid POWERTOOLS_PARAMETERS_MAX_AGE warns once, naming variable, value and fallback, and 5 s applies', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '-1';

    const { result, stderr, error } = await captureOutput(async () => [
      await getParameter('/app/flag'),
      await getParameter('/app/flag'),
    ]);

    expect(error).toBeUndefined();
    expect(result).toEqual(['on', 'on']);
    expect(extension.requestCount).toBe(1);
    expect(envWarnings(stderr)).toEqual([
      {
        message:
          'Environment variable POWERTOOLS_PARAMETERS_MAX_AGE has the value "-1": expected a number >= 0; using 5 instead. Set a valid value or unset the variable.',
        variable: 'POWERTOOLS_PARAMETERS_MAX_AGE',
        value: '-1',
        fallback: '5',
      },
    ]);
  });

  it('an invalid PARAMETERS_SECRETS_EXTENSION_HTTP_PORT warns, naming the fallback port 2773', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = 'abc';

    const { result, stderr } = await captureOutput(() =>
      getParameter('/app/flag', { transport: 'sdk', clientConfig: aws.clientConfig }),
    );

    expect(result).toBe('from-sdk');
    expect(envWarnings(stderr)).toEqual([
      {
        message:
          'Environment variable PARAMETERS_SECRETS_EXTENSION_HTTP_PORT has the value "abc": expected a finite number; using 2773 instead. Set a valid value or unset the variable.',
        variable: 'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
        value: 'abc',
        fallback: '2773',
      },
    ]);
  });

  it('an invalid POWERTOOLS_PARAMETERS_SSM_DECRYPT warns and does not decrypt', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/key': { value: 'k3y', type: 'SecureString' } },
    });
    process.env.POWERTOOLS_PARAMETERS_SSM_DECRYPT = 'sometimes';

    const { result, stderr } = await captureOutput(() => getParameter('/app/key'));

    expect(result).not.toBe('k3y');
    expect(extension.requests[0].query.withDecryption).toBeUndefined();
    expect(envWarnings(stderr)).toEqual([
      {
        message:
          'Environment variable POWERTOOLS_PARAMETERS_SSM_DECRYPT has the value "sometimes": expected a boolean (true, false, 1, 0, yes, no, on, off); using false instead. Set a valid value or unset the variable.',
        variable: 'POWERTOOLS_PARAMETERS_SSM_DECRYPT',
        value: 'sometimes',
        fallback: 'false',
      },
    ]);
  });

  it('a handler with the middleware still runs when POWERTOOLS_PARAMETERS_MAX_AGE is invalid', async () => {
    await emulators.extension({ secrets: { 'db-password': 'pw' } });
    process.env.POWERTOOLS_PARAMETERS_MAX_AGE = 'soon';
    const handler = middy()
      .use(parameters({ fetch: { password: { secret: 'db-password' } }, prefetch: false }))
      .handler(async (_event: unknown, context: any) => context.password.length);

    const { result, error } = await captureOutput(() => handler({}, createContext() as never));

    expect(error).toBeUndefined();
    expect(result).toBe(2);
  });
});

// transport 'auto': the extension when it answers, else the AWS SDK.
import { startParametersExtension } from '@lambkit/local';
import { captureOutput } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { closedPort, useEmulators } from '../test/test-helpers.js';
import { GetParameterError, getParameter, getSecret, ParameterNotFoundError } from './index.js';

const emulators = useEmulators();

/** The variables that tell lambkit it runs inside Lambda, as runLambda sets them. */
function inLambda(): void {
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders';
  process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
}

describe("transport 'auto'", () => {
  it('uses the extension when it answers, without calling AWS', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'from-extension' } });
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });

    const value = await getParameter('/app/flag', { clientConfig: aws.clientConfig });

    expect(value).toBe('from-extension');
    expect(extension.requestCount).toBe(1);
    expect(aws.requestCount).toBe(0);
  });

  it('falls back to the SDK when nothing listens on the extension port', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(await closedPort());
    process.env.AWS_SESSION_TOKEN = 'token';

    const value = await getParameter('/app/flag', { clientConfig: aws.clientConfig });

    expect(value).toBe('from-sdk');
    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(1);
  });

  it('remembers that the extension is absent and goes straight to the SDK afterwards', async () => {
    const aws = await emulators.aws({ parameters: { '/app/a': 'a' }, secrets: { 'db-password': 'pw' } });
    const port = await closedPort();
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(port);
    process.env.AWS_SESSION_TOKEN = 'token';
    await getParameter('/app/a', { clientConfig: aws.clientConfig });
    const late = await startParametersExtension({ port, token: 'token', secrets: { 'db-password': 'pw' } });

    const secret = await getSecret('db-password', { clientConfig: aws.clientConfig });
    await late.close();

    expect(secret).toBe('pw');
    expect(late.requestCount).toBe(0);
    expect(aws.countOf('secretsmanager.GetSecretValue')).toBe(1);
  });

  it('goes straight to the SDK inside Lambda when /opt/extensions is empty and no port is configured', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });
    inLambda();
    process.env.AWS_SESSION_TOKEN = 'token';

    const { result, stderr } = await captureOutput(() =>
      getParameter('/app/flag', { clientConfig: aws.clientConfig }),
    );

    expect(result).toBe('from-sdk');
    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(1);
    expect(stderr.map((line) => line.message)).toEqual([
      "@lambkit/parameters: transport 'auto' uses the AWS SDK; the Parameters and Secrets extension: not tried: no extension is installed in /opt/extensions and PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is not set. To use the extension, attach the AWS-Parameters-and-Secrets-Lambda-Extension layer (locally, set PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and AWS_SESSION_TOKEN for an emulator); to go to the SDK without this check, pass transport: 'sdk'.",
    ]);
  });

  it('tries the extension inside Lambda when PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is set, even without /opt/extensions', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'from-extension' } });
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });
    inLambda();

    const value = await getParameter('/app/flag', { clientConfig: aws.clientConfig });

    expect(value).toBe('from-extension');
    expect(extension.requestCount).toBe(1);
    expect(aws.requestCount).toBe(0);
  });

  it('takes one route for concurrent first calls inside Lambda, decided once', async () => {
    const aws = await emulators.aws({ parameters: { '/app/a': 'a', '/app/b': 'b' } });
    aws.failNext(2, { type: 'AccessDeniedException', message: 'not authorized' });
    inLambda();
    process.env.AWS_SESSION_TOKEN = 'token';

    const errors = await Promise.all(
      ['/app/a', '/app/b'].map((name) =>
        getParameter(name, { clientConfig: aws.clientConfig }).catch((e) => e.message),
      ),
    );

    for (const message of errors) {
      expect(message).toContain(
        'The Parameters and Secrets extension: not tried: no extension is installed in /opt/extensions',
      );
    }
    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(2);
  });

  it('names every route tried, why each failed, and the likely fix, when all fail', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'x' } });
    aws.failNext(1, { type: 'AccessDeniedException', message: 'not authorized' });
    const port = await closedPort();
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(port);
    process.env.AWS_SESSION_TOKEN = 'token';

    const error = await getParameter('/app/flag', { clientConfig: aws.clientConfig }).catch((e) => e);

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error).toMatchObject({ transport: 'sdk', cause: { name: 'AccessDeniedException' } });
    expect(error.message).toMatch(
      new RegExp(
        `^Failed to get the parameter "/app/flag": every route failed\\. The Parameters and Secrets extension: nothing accepted connections on localhost:${port} \\(connection refused, 6 attempts over \\d+ ms\\)\\. The AWS SDK: AccessDeniedException\\. Likely fix: attach the AWS-Parameters-and-Secrets-Lambda-Extension layer \\(locally, start @lambkit/local startParametersExtension and set PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and AWS_SESSION_TOKEN from its env\\); or grant ssm:GetParameter to the function's role\\.$`,
      ),
    );
  });

  it('names the missing AWS_SESSION_TOKEN as the fix when the SDK fails too', async () => {
    const aws = await emulators.aws({ secrets: { 'db-password': 'pw' } });
    aws.failNext(1, { type: 'UnrecognizedClientException', message: 'bad token' });

    const error = await getSecret('db-password', { clientConfig: aws.clientConfig }).catch((e) => e);

    expect(error.message).toBe(
      'Failed to get the secret "db-password": every route failed. The Parameters and Secrets extension: not tried: AWS_SESSION_TOKEN is not set, and the extension requires it. The AWS SDK: UnrecognizedClientException. Likely fix: set AWS_SESSION_TOKEN (Lambda sets it; locally, use the env of @lambkit/local startParametersExtension); or give the AWS SDK a region, credentials and a reachable endpoint (clientConfig).',
    );
  });

  it('still reports a missing value through the SDK as ParameterNotFoundError', async () => {
    const aws = await emulators.aws({});
    inLambda();
    process.env.AWS_SESSION_TOKEN = 'token';

    const error = await getParameter('/app/missing', { clientConfig: aws.clientConfig }).catch((e) => e);

    expect(error).toBeInstanceOf(ParameterNotFoundError);
  });

  it('goes straight to the SDK when AWS_SESSION_TOKEN is not set', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'from-extension' } });
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });
    delete process.env.AWS_SESSION_TOKEN;

    const value = await getParameter('/app/flag', { clientConfig: aws.clientConfig });

    expect(value).toBe('from-sdk');
    expect(extension.requestCount).toBe(0);
  });

  it('does not fall back when the extension answers with an error', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/flag': 'x' },
      failFirst: 1,
      failStatus: 403,
    });
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });

    const error = await getParameter('/app/flag', { clientConfig: aws.clientConfig }).catch((e) => e);

    expect(error).toMatchObject({ name: 'GetParameterError', transport: 'extension', statusCode: 403 });
    expect(extension.requestCount).toBe(1);
    expect(aws.requestCount).toBe(0);
  });

  it('caches values of different transports apart', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'from-extension' } });
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });

    const viaAuto = await getParameter('/app/flag', { clientConfig: aws.clientConfig });
    const viaSdk = await getParameter('/app/flag', { transport: 'sdk', clientConfig: aws.clientConfig });

    expect([viaAuto, viaSdk]).toEqual(['from-extension', 'from-sdk']);
    expect([extension.requestCount, aws.requestCount]).toEqual([1, 1]);
  });
});

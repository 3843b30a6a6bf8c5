// transport 'auto': the extension when it answers, else the AWS SDK.
import { startParametersExtension } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { getParameter, getSecret } from './index.js';
import { closedPort, useEmulators } from './test-helpers.js';

const emulators = useEmulators();

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

  it('goes straight to the SDK inside Lambda when no extension is installed in /opt/extensions', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'from-extension' } });
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders';

    const value = await getParameter('/app/flag', { clientConfig: aws.clientConfig });

    expect(value).toBe('from-sdk');
    expect(extension.requestCount).toBe(0);
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

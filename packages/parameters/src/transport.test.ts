// What each failure of each route becomes: the error class, its fields and its exact message, which
// users match on and which must never quote a value.
import { captureOutput } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { closedPort, useEmulators } from '../test/test-helpers.js';
import {
  clearCaches,
  GetParameterError,
  getParameter,
  getParametersByName,
  getSecret,
  ParameterNotFoundError,
} from './index.js';
import { lazyModule, SdkNotInstalledError } from './sdk-transport.js';
import { sdkFetchError, toGetParameterError } from './transport.js';

const emulators = useEmulators();

/** The variables that tell lambkit it runs inside Lambda, as runLambda sets them. */
function inLambda(): void {
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders';
  process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
}

async function failure(call: Promise<unknown>): Promise<any> {
  return call.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

// First: each warning is written once per process, so no earlier test may have written it.
describe("transport 'auto' warnings", () => {
  it('warns once for each reason the SDK is used instead of the extension', async () => {
    const aws = await emulators.aws({
      parameters: { '/app/a': 'a', '/app/b': 'b', '/app/c': 'c', '/app/d': 'd' },
    });
    const options = { clientConfig: aws.clientConfig };

    const { stderr } = await captureOutput(async () => {
      await getParameter('/app/a', options);
      await getParameter('/app/b', options);
      process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(await closedPort());
      process.env.AWS_SESSION_TOKEN = 'token';
      await getParameter('/app/c', options);
      clearCaches();
      inLambda();
      delete process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
      await getParameter('/app/d', options);
    });

    expect(
      stderr.map((line: { message: string }) =>
        line.message.split('; the Parameters and Secrets extension: ')[1].slice(0, 30),
      ),
    ).toEqual([
      'not tried: AWS_SESSION_TOKEN i',
      'nothing accepted connections o',
      'not tried: no extension is ins',
    ]);
  });

  it('does not mark the extension absent from a look at /opt/extensions begun before clearCaches()', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'from-extension' } });
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });
    const port = extension.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
    delete process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
    inLambda();

    const first = getParameter('/app/flag', { clientConfig: aws.clientConfig });
    clearCaches();
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = port;

    expect(await first).toBe('from-extension');
  });
});

describe('through the extension', () => {
  it('gives ParameterNotFoundError with status 404 for an HTTP 404', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    extension.failNext(1, 404, '');

    const error = await failure(getParameter('/app/flag'));

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error.message).toBe('The parameter "/app/flag" was not found (through the extension)');
    expect(error).toMatchObject({
      parameter: '/app/flag',
      kind: 'parameter',
      transport: 'extension',
      statusCode: 404,
    });
  });

  it('gives GetParameterError with the status for an HTTP 403, naming the secret', async () => {
    const extension = await emulators.extension({ secrets: { db: 'pw' } });
    extension.failNext(1, 403, 'forbidden');

    const error = await failure(getSecret('db'));

    expect(error.constructor).toBe(GetParameterError);
    expect(error.message).toBe('Failed to get the secret "db": the extension answered HTTP 403');
    expect(error).toMatchObject({ parameter: 'db', kind: 'secret', transport: 'extension', statusCode: 403 });
    expect(error.cause).toMatchObject({ name: 'ExtensionHttpError', statusCode: 403 });
  });

  it('says the extension answered a body that is not JSON, without quoting it', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    extension.failNext(1, 200, 'hunter2');

    const error = await failure(getParameter('/app/flag'));

    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": the extension answered a body that is not JSON',
    );
    expect(error.statusCode).toBeUndefined();
    expect(error.cause.name).toBe('MalformedResponseError');
  });

  it('says what a JSON body lacks: a string Parameter.Value, or SecretString and SecretBinary', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' }, secrets: { db: 'pw' } });
    extension.failNext(3, 200, '{"Parameter":{"Value":5},"SecretString":7,"SecretBinary":false}');

    const messages = [
      (await failure(getParameter('/app/flag'))).message,
      (await failure(getParameter('/app/flag', { transform: 'json' }))).message,
      (await failure(getSecret('db'))).message,
    ];

    expect(messages).toEqual([
      'Failed to get the parameter "/app/flag": the extension answered a body without Parameter.Value',
      'Failed to get the parameter "/app/flag": the extension answered a body without Parameter.Value',
      'Failed to get the secret "db": the extension answered a body without SecretString or SecretBinary',
    ]);
  });

  it('names the port, the attempts and the layer when nothing listens under transport extension', async () => {
    const port = await closedPort();
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(port);
    process.env.AWS_SESSION_TOKEN = 'token';

    const error = await failure(getParameter('/app/flag', { transport: 'extension' }));

    expect(error.message).toMatch(
      new RegExp(
        `^Failed to get the parameter "/app/flag": nothing accepted connections on localhost:${port} \\(connection refused, 6 attempts over \\d+ ms\\); is the AWS-Parameters-and-Secrets-Lambda-Extension layer attached \\(or, locally, an emulator listening on that port\\)\\?$`,
      ),
    );
    expect(error).toMatchObject({ transport: 'extension', statusCode: undefined });
    expect(error.cause).toMatchObject({ name: 'ExtensionUnreachableError', port, attempts: 6 });
    expect(error.cause.cause.code).toBe('ECONNREFUSED');
  });

  it('names the error of a request that failed otherwise, after retrying reset connections', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/flag': 'on' },
      resetFirstConnections: 6,
    });

    const error = await failure(getParameter('/app/flag'));

    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": the request to the extension failed (Error)',
    );
    expect(extension.resetCount).toBe(6);
  });
});

describe('through the AWS SDK', () => {
  it('gives ParameterNotFoundError for a version that does not exist, naming the SDK error', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'on' } });

    const error = await failure(
      getParameter('/app/flag', { transport: 'sdk', version: 9, clientConfig: aws.clientConfig }),
    );

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error.message).toBe('The parameter "/app/flag" was not found (AWS SDK ParameterVersionNotFound)');
    expect(error).toMatchObject({ parameter: '/app/flag', kind: 'parameter', transport: 'sdk' });
  });

  it('names the SDK error of any other failure, with the error as cause', async () => {
    const aws = await emulators.aws({ secrets: { db: 'pw' } });
    aws.failNext(1, { type: 'ThrottlingException', message: 'slow down' });

    const error = await failure(getSecret('db', { transport: 'sdk', clientConfig: aws.clientConfig }));

    expect(error.constructor).toBe(GetParameterError);
    expect(error.message).toBe('Failed to get the secret "db" through the AWS SDK: ThrottlingException');
    expect(error).toMatchObject({ parameter: 'db', kind: 'secret', transport: 'sdk', statusCode: undefined });
    expect(error.cause.name).toBe('ThrottlingException');
  });

  it('says the response has no value when the SDK answers without one', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'on' } });
    const client = { send: async () => ({ Parameter: { Name: '/app/flag' } }) };

    const error = await failure(getParameter('/app/flag', { transport: 'sdk', awsSdkV3Client: client }));

    expect(error.constructor).toBe(GetParameterError);
    expect(error.message).toBe('Failed to get the parameter "/app/flag": the response has no value');
    expect(error).toMatchObject({ parameter: '/app/flag', kind: 'parameter', transport: 'sdk' });
    expect(aws.requestCount).toBe(0);
  });
});

describe('failures that are not the usual errors', () => {
  const subject = { kind: 'parameter', name: '/app/flag' } as const;

  it('names an SDK error by its name, with its code when that differs, or by its type without a name', () => {
    const reason = (error: unknown) =>
      sdkFetchError(error, subject, 'auto').message.split('The AWS SDK: ')[1]?.split('. Likely fix')[0];

    expect([
      reason(Object.assign(new Error('slow'), { name: 'TimeoutError', code: 'TimeoutError' })),
      reason(Object.assign(new Error('reset'), { code: 'ECONNRESET' })),
      reason({ code: 'ETIMEDOUT' }),
      reason('boom'),
    ]).toEqual(['TimeoutError', 'Error (ECONNRESET)', 'object (ETIMEDOUT)', 'string']);
  });

  it('names the type of a rejection without an error, through either route', () => {
    expect(toGetParameterError(undefined, subject, 'extension').message).toBe(
      'Failed to get the parameter "/app/flag": the request to the extension failed (undefined)',
    );
    expect(toGetParameterError(null, subject, 'sdk').message).toBe(
      'Failed to get the parameter "/app/flag" through the AWS SDK: object',
    );
  });
});

describe("transport 'auto' when every route fails", () => {
  it('gives ParameterNotFoundError of transport sdk when the SDK says the value is missing', async () => {
    inLambda();
    process.env.AWS_SESSION_TOKEN = 'token';
    const aws = await emulators.aws({ parameters: {} });

    const error = await failure(getParameter('/app/missing', { clientConfig: aws.clientConfig }));

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error).toMatchObject({ parameter: '/app/missing', transport: 'sdk' });
  });

  it("keeps lambkit's own error of an SDK answer without a value, instead of naming every route", async () => {
    const client = { send: async () => ({ Parameter: { Name: '/app/flag' } }) };

    const error = await failure(getParameter('/app/flag', { awsSdkV3Client: client }));

    expect(error.message).toBe('Failed to get the parameter "/app/flag": the response has no value');
  });

  it('names the permission a secret needs when the SDK is denied', async () => {
    const aws = await emulators.aws({ secrets: { db: 'pw' } });
    const denials = [
      'AccessDeniedException',
      'NotAuthorizedException',
      'UnauthorizedOperation',
      'forbiddenException',
    ];
    const fixes: string[] = [];

    for (const type of denials) {
      aws.failNext(1, { type });
      const error = await failure(getSecret('db', { clientConfig: aws.clientConfig, maxAge: 0 }));
      fixes.push(error.message.slice(error.message.indexOf('; or ')));
    }

    expect(fixes).toEqual(
      denials.map(() => "; or grant secretsmanager:GetSecretValue to the function's role."),
    );
  });

  it('says why the extension was not tried inside Lambda without /opt/extensions', async () => {
    inLambda();
    process.env.AWS_SESSION_TOKEN = 'token';
    const aws = await emulators.aws({ parameters: { '/app/flag': 'on' } });
    aws.failNext(1, { type: 'InternalServerError', status: 500 });

    const error = await failure(
      getParameter('/app/flag', { clientConfig: { ...aws.clientConfig, maxAttempts: 1 } }),
    );

    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": every route failed. The Parameters and Secrets extension: not tried: no extension is installed in /opt/extensions and PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is not set. The AWS SDK: InternalServerError. Likely fix: attach the AWS-Parameters-and-Secrets-Lambda-Extension layer (locally, start @lambkit/local startParametersExtension and set PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and AWS_SESSION_TOKEN from its env); or give the AWS SDK a region, credentials and a reachable endpoint (clientConfig).',
    );
  });

  it('blames the missing session token, not an earlier refusal, once the extension has answered', async () => {
    // Refuses connections for longer than the retries of the first call last (about 300 ms).
    const extension = await emulators.extension({ parameters: { '/app/b': 'b' }, listenAfterMs: 2000 });
    const aws = await emulators.aws({ parameters: { '/app/a': 'a', '/app/c': 'c' } });
    const options = { clientConfig: { ...aws.clientConfig, maxAttempts: 1 } };
    expect(await getParameter('/app/a', options)).toBe('a');
    await extension.listening;
    await getParameter('/app/b', { transport: 'extension' });
    delete process.env.AWS_SESSION_TOKEN;
    aws.failNext(1, { type: 'InternalServerError', status: 500 });

    const error = await failure(getParameter('/app/c', options));

    expect(error.message).toContain(
      'The Parameters and Secrets extension: not tried: AWS_SESSION_TOKEN is not set, and the extension requires it.',
    );
  });

  it('says an earlier call found the extension port closed, and names a network error with its code', async () => {
    const port = await closedPort();
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(port);
    process.env.AWS_SESSION_TOKEN = 'token';
    const unreachable = {
      region: 'eu-west-1',
      endpoint: `http://127.0.0.1:${port}`,
      maxAttempts: 1,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    };
    await failure(getParameter('/app/first', { clientConfig: unreachable }));

    const error = await failure(getParameter('/app/flag', { clientConfig: unreachable }));

    expect(error.message).toMatch(
      new RegExp(
        `^Failed to get the parameter "/app/flag": every route failed\\. The Parameters and Secrets extension: not tried: an earlier call found nothing accepting connections on localhost:${port}\\. The AWS SDK: \\w+ \\(ECONNREFUSED\\)\\. Likely fix: attach`,
      ),
    );
  });
});

describe('getParametersByName through the SDK when its batch fails', () => {
  it("names the SDK error under transport 'sdk'", async () => {
    const aws = await emulators.aws({ parameters: { '/app/a': 'a' } });
    aws.failNext(1, { type: 'AccessDeniedException' });

    const error = await failure(
      getParametersByName({ '/app/a': {} }, { transport: 'sdk', clientConfig: aws.clientConfig }),
    );

    expect(error.constructor).toBe(GetParameterError);
    expect(error.message).toBe(
      'Failed to get the parameter "/app/a" through the AWS SDK: AccessDeniedException',
    );
    expect(error).toMatchObject({ parameter: '/app/a', transport: 'sdk' });
  });

  it("names every route under transport 'auto' inside Lambda without an extension", async () => {
    inLambda();
    process.env.AWS_SESSION_TOKEN = 'token';
    const aws = await emulators.aws({ parameters: { '/app/a': 'a' } });
    aws.failNext(1, { type: 'AccessDeniedException' });

    const error = await failure(getParametersByName({ '/app/a': {} }, { clientConfig: aws.clientConfig }));

    expect(error.message).toBe(
      `Failed to get the parameter "/app/a": every route failed. The Parameters and Secrets extension: not tried: no extension is installed in /opt/extensions and PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is not set. The AWS SDK: AccessDeniedException. Likely fix: attach the AWS-Parameters-and-Secrets-Lambda-Extension layer (locally, start @lambkit/local startParametersExtension and set PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and AWS_SESSION_TOKEN from its env); or grant ssm:GetParameter to the function's role.`,
    );
  });
});

describe('lazyModule', () => {
  it('names the package it could not load, and tries again on the next call', async () => {
    let calls = 0;
    const load = lazyModule('@aws-sdk/client-example', async () => {
      calls++;
      if (calls === 1) throw new Error('Cannot find module');
      return { loaded: true };
    });

    const error = await failure(load());
    const second = await load();
    const third = await load();

    expect(error).toBeInstanceOf(SdkNotInstalledError);
    expect(error.name).toBe('SdkNotInstalledError');
    expect(error.message).toBe(
      '@aws-sdk/client-example could not be loaded; install it, or attach the Parameters and Secrets extension layer',
    );
    expect(error).toMatchObject({
      packageName: '@aws-sdk/client-example',
      cause: { message: 'Cannot find module' },
    });
    expect([second, third, calls]).toEqual([{ loaded: true }, { loaded: true }, 2]);
  });
});

// A function deployed without the AWS SDK clients it needs (they are optional peer dependencies):
// each import of @aws-sdk/client-ssm and @aws-sdk/client-secrets-manager fails here.
import { describe, expect, it, vi } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import { GetParameterError, getParameter, getSecret } from './index.js';

vi.mock('@aws-sdk/client-ssm', () => {
  throw new Error("Cannot find package '@aws-sdk/client-ssm'");
});
vi.mock('@aws-sdk/client-secrets-manager', () => {
  throw new Error("Cannot find package '@aws-sdk/client-secrets-manager'");
});

useEmulators();

async function rejection(call: Promise<unknown>): Promise<any> {
  return call.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('without the AWS SDK clients', () => {
  it("names the package to install under transport 'sdk'", async () => {
    const parameter = await rejection(getParameter('/app/flag', { transport: 'sdk' }));
    const secret = await rejection(getSecret('db', { transport: 'sdk' }));

    expect(parameter).toBeInstanceOf(GetParameterError);
    expect(parameter).toMatchObject({ transport: 'sdk', cause: { name: 'SdkNotInstalledError' } });
    expect(parameter.message).toBe(
      'Failed to get the parameter "/app/flag": @aws-sdk/client-ssm could not be loaded; install it, or attach the Parameters and Secrets extension layer',
    );
    expect(secret.message).toBe(
      'Failed to get the secret "db": @aws-sdk/client-secrets-manager could not be loaded; install it, or attach the Parameters and Secrets extension layer',
    );
  });

  it("says under 'auto' that the SDK could not be loaded, and to install it or attach the layer", async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders';
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
    process.env.AWS_SESSION_TOKEN = 'token';

    const error = await rejection(getParameter('/app/flag'));

    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": every route failed. The Parameters and Secrets extension: not tried: no extension is installed in /opt/extensions and PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is not set. The AWS SDK: @aws-sdk/client-ssm could not be loaded. Likely fix: attach the AWS-Parameters-and-Secrets-Lambda-Extension layer (locally, start @lambkit/local startParametersExtension and set PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and AWS_SESSION_TOKEN from its env); or install @aws-sdk/client-ssm.',
    );
  });
});

// The SDK transport runs the real @aws-sdk/client-ssm and client-secrets-manager (serialization,
// SigV4 signing, error parsing) against a local endpoint speaking the AWS JSON 1.1 protocol.
import { type GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startAwsEndpoint } from '@lambkit/local';
import { describe, expect, it } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import {
  GetParameterError,
  getParameter,
  getParameters,
  getParametersByName,
  getSecret,
  ParameterNotFoundError,
} from './index.js';

const emulators = useEmulators();

describe("transport 'sdk'", () => {
  it('gets a parameter with SSM GetParameter', async () => {
    const aws = await emulators.aws({ parameters: { '/app/db-url': 'postgres://db' } });

    const value = await getParameter('/app/db-url', { transport: 'sdk', clientConfig: aws.clientConfig });

    expect(value).toBe('postgres://db');
    expect(aws.requests).toEqual([
      {
        target: 'AmazonSSM.GetParameter',
        body: { Name: '/app/db-url', WithDecryption: false },
        signingService: 'ssm',
        status: 200,
      },
    ]);
  });

  it('sends WithDecryption and a version selector', async () => {
    const aws = await emulators.aws({
      parameters: { '/app/api-key': { versions: ['old-key', 'new-key'], type: 'SecureString' } },
    });

    const value = await getParameter('/app/api-key', {
      transport: 'sdk',
      decrypt: true,
      version: 1,
      clientConfig: aws.clientConfig,
    });

    expect(value).toBe('old-key');
    expect(aws.requests[0].body).toEqual({ Name: '/app/api-key:1', WithDecryption: true });
  });

  it('sends a label selector', async () => {
    const aws = await emulators.aws({
      parameters: { '/app/flag': { versions: ['a', 'b'], labels: { prod: 1 } } },
    });

    const value = await getParameter('/app/flag', {
      transport: 'sdk',
      label: 'prod',
      clientConfig: aws.clientConfig,
    });

    expect(value).toBe('a');
    expect(aws.requests[0].body.Name).toBe('/app/flag:prod');
  });

  it('rejects with ParameterNotFoundError for SSM ParameterNotFound', async () => {
    const aws = await emulators.aws({});

    const error = await getParameter('/app/missing', {
      transport: 'sdk',
      clientConfig: aws.clientConfig,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error).toMatchObject({ parameter: '/app/missing', transport: 'sdk' });
    expect(error.cause.name).toBe('ParameterNotFound');
  });

  it('rejects with GetParameterError carrying the SDK error as cause', async () => {
    const aws = await emulators.aws({ parameters: { '/app/db-url': 'postgres://db' } });
    aws.failNext(1, {
      type: 'AccessDeniedException',
      message: 'not authorized to perform: ssm:GetParameter',
    });

    const error = await getParameter('/app/db-url', {
      transport: 'sdk',
      clientConfig: aws.clientConfig,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error.message).toBe(
      'Failed to get the parameter "/app/db-url" through the AWS SDK: AccessDeniedException',
    );
    expect(error.cause.name).toBe('AccessDeniedException');
  });

  it('gets a string secret and a binary secret with GetSecretValue', async () => {
    const aws = await emulators.aws({
      secrets: { 'db-password': 'pw', 'tls-key': new Uint8Array([0, 1, 254]) },
    });

    const password = await getSecret('db-password', { transport: 'sdk', clientConfig: aws.clientConfig });
    const key = await getSecret('tls-key', { transport: 'sdk', clientConfig: aws.clientConfig });

    expect(password).toBe('pw');
    expect(key).toEqual(new Uint8Array([0, 1, 254]));
    expect(aws.requests.map((request) => request.signingService)).toEqual([
      'secretsmanager',
      'secretsmanager',
    ]);
  });

  it('sends VersionStage for a secret', async () => {
    const aws = await emulators.aws({
      secrets: {
        'db-password': {
          versions: [
            { versionId: 'a1', stages: ['AWSPREVIOUS'], value: 'old' },
            { versionId: 'b2', stages: ['AWSCURRENT'], value: 'new' },
          ],
        },
      },
    });

    const previous = await getSecret('db-password', {
      transport: 'sdk',
      versionStage: 'AWSPREVIOUS',
      clientConfig: aws.clientConfig,
    });

    expect(previous).toBe('old');
    expect(aws.requests[0].body).toEqual({ SecretId: 'db-password', VersionStage: 'AWSPREVIOUS' });
  });

  it('rejects with ParameterNotFoundError for ResourceNotFoundException', async () => {
    const aws = await emulators.aws({});

    const error = await getSecret('nope', { transport: 'sdk', clientConfig: aws.clientConfig }).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error).toMatchObject({ parameter: 'nope', kind: 'secret' });
  });

  it('uses a client given as awsSdkV3Client', async () => {
    const aws = await emulators.aws({ parameters: { '/app/db-url': 'postgres://db' } });
    const sent: string[] = [];
    const ssm = new SSMClient(aws.clientConfig);
    const client = {
      send(command: GetParameterCommand) {
        sent.push(command.constructor.name);
        return ssm.send(command);
      },
    };

    const value = await getParameter('/app/db-url', { transport: 'sdk', awsSdkV3Client: client });

    expect(value).toBe('postgres://db');
    expect(sent).toEqual(['GetParameterCommand']);
  });

  it('keeps values fetched with different SDK configurations apart', async () => {
    const first = await emulators.aws({ parameters: { '/app/region': 'one' } });
    const second = await startAwsEndpoint({ parameters: { '/app/region': 'two' } });

    const a = await getParameter('/app/region', { transport: 'sdk', clientConfig: first.clientConfig });
    const b = await getParameter('/app/region', { transport: 'sdk', clientConfig: second.clientConfig });
    await second.close();

    expect([a, b]).toEqual(['one', 'two']);
  });
});

/** A client whose every command answers `output`, recording the commands' names and inputs. */
function answering(...outputs: object[]) {
  const sent: Array<[string, any]> = [];
  return {
    sent,
    async send(command: { constructor: { name: string }; input: unknown }) {
      sent.push([command.constructor.name, command.input]);
      return outputs.length > 1 ? outputs.shift() : outputs[0];
    },
  };
}

describe('SDK answers at their edges', () => {
  it('keys parameters under a path given with a trailing slash, and keeps a name outside it whole', async () => {
    const client = answering({
      Parameters: [
        { Name: '/app/a', Value: '1' },
        { Name: '/elsewhere/b', Value: '2' },
        { Name: '/app/no-value' },
        { Value: 'no-name' },
      ],
      NextToken: '',
    });

    const values = await getParameters('/app/', { transport: 'sdk', awsSdkV3Client: client });

    expect(values).toEqual({ a: '1', '/elsewhere/b': '2' });
    expect(client.sent).toHaveLength(1);
  });

  it('follows NextToken until a page has none, sending each token back', async () => {
    const client = answering(
      { Parameters: [{ Name: '/app/a', Value: '1' }], NextToken: 't1' },
      { NextToken: 't2' },
      { Parameters: [{ Name: '/app/c', Value: '3' }] },
    );

    const values = await getParameters('/app', { transport: 'sdk', awsSdkV3Client: client });

    expect(values).toEqual({ a: '1', c: '3' });
    expect(client.sent.map(([, input]) => input.NextToken)).toEqual([undefined, 't1', 't2']);
  });

  it('treats names missing from a GetParameters answer as not found, and skips entries without a value', async () => {
    const client = answering({ Parameters: [{ Name: '/app/a' }, { Value: 'x' }] });

    const values = await getParametersByName(
      { '/app/a': {}, '/app/b': {} },
      { transport: 'sdk', awsSdkV3Client: client, throwOnError: false },
    );

    expect(values).toEqual({ _errors: ['/app/a', '/app/b'] });
  });

  it('returns SecretBinary when a secret has no SecretString, and ignores a rotation date that is not a date', async () => {
    const bytes = new Uint8Array([104, 105]);
    const client = answering({ SecretBinary: bytes, NextRotationDate: '2030-01-01' });

    const value = await getSecret('db', {
      transport: 'sdk',
      awsSdkV3Client: client,
      fetchRotationDate: true,
    });

    expect(value).toBe(bytes);
    expect(client.sent.map(([name]) => name).sort()).toEqual([
      'DescribeSecretCommand',
      'GetSecretValueCommand',
    ]);
  });
});

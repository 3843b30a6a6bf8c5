import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { type AwsEndpoint, startAwsEndpoint } from '../index.js';

let aws: AwsEndpoint | undefined;

afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

describe('startAwsEndpoint', () => {
  it('answers GetParameter from the real SSM client, signed for ssm', async () => {
    aws = await startAwsEndpoint({ parameters: { '/app/db-url': 'postgres://db' } });
    const ssm = new SSMClient(aws.clientConfig);

    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/app/db-url' }));

    expect(Parameter).toMatchObject({
      Name: '/app/db-url',
      Value: 'postgres://db',
      Type: 'String',
      Version: 1,
    });
    expect(Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    expect(aws.requests[0]).toMatchObject({ target: 'AmazonSSM.GetParameter', signingService: 'ssm' });
  });

  it('decrypts a SecureString only with WithDecryption', async () => {
    aws = await startAwsEndpoint({ parameters: { '/k': { value: 'k3y', type: 'SecureString' } } });
    const ssm = new SSMClient(aws.clientConfig);

    const plain = await ssm.send(new GetParameterCommand({ Name: '/k' }));
    const decrypted = await ssm.send(new GetParameterCommand({ Name: '/k', WithDecryption: true }));

    expect(plain.Parameter?.Value).not.toContain('k3y');
    expect(decrypted.Parameter?.Value).toBe('k3y');
  });

  it('resolves a name:version selector', async () => {
    aws = await startAwsEndpoint({ parameters: { '/flag': { versions: ['one', 'two'] } } });
    const ssm = new SSMClient(aws.clientConfig);

    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/flag:1' }));

    expect(Parameter).toMatchObject({ Value: 'one', Version: 1, Selector: ':1' });
  });

  it('throws the SDK ParameterNotFound error for a missing parameter', async () => {
    aws = await startAwsEndpoint({});
    const ssm = new SSMClient(aws.clientConfig);

    const error = await ssm.send(new GetParameterCommand({ Name: '/missing' })).catch((e) => e);

    expect(error.name).toBe('ParameterNotFound');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('answers GetParameters with the found parameters and the invalid names', async () => {
    aws = await startAwsEndpoint({ parameters: { '/a': '1', '/b': '2' } });
    const ssm = new SSMClient(aws.clientConfig);

    const result = await ssm.send(new GetParametersCommand({ Names: ['/a', '/b', '/c'] }));

    expect(result.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/a', '1'],
      ['/b', '2'],
    ]);
    expect(result.InvalidParameters).toEqual(['/c']);
  });

  it('pages GetParametersByPath with NextToken and honours Recursive', async () => {
    aws = await startAwsEndpoint({
      parameters: { '/app/a': '1', '/app/b': '2', '/app/c': '3', '/app/deep/d': '4', '/other/x': '5' },
      pageSize: 2,
    });
    const ssm = new SSMClient(aws.clientConfig);

    const pages: string[][] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(
        new GetParametersByPathCommand({ Path: '/app', Recursive: true, NextToken }),
      );
      pages.push((page.Parameters ?? []).map((p) => p.Name!));
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    const flat = await ssm.send(new GetParametersByPathCommand({ Path: '/app' }));

    expect(pages).toEqual([
      ['/app/a', '/app/b'],
      ['/app/c', '/app/deep/d'],
    ]);
    expect(flat.Parameters?.map((p) => p.Name)).toEqual(['/app/a', '/app/b']);
  });

  it('answers GetSecretValue from the real Secrets Manager client, string and binary', async () => {
    aws = await startAwsEndpoint({ secrets: { text: 's3cret', blob: new Uint8Array([1, 2, 3]) } });
    const secrets = new SecretsManagerClient(aws.clientConfig);

    const text = await secrets.send(new GetSecretValueCommand({ SecretId: 'text' }));
    const blob = await secrets.send(new GetSecretValueCommand({ SecretId: 'blob' }));

    expect(text).toMatchObject({ Name: 'text', SecretString: 's3cret', VersionStages: ['AWSCURRENT'] });
    expect(blob.SecretBinary).toEqual(new Uint8Array([1, 2, 3]));
    expect(aws.requests[0].signingService).toBe('secretsmanager');
  });

  it('throws ResourceNotFoundException for a missing secret', async () => {
    aws = await startAwsEndpoint({});
    const secrets = new SecretsManagerClient(aws.clientConfig);

    const error = await secrets.send(new GetSecretValueCommand({ SecretId: 'nope' })).catch((e) => e);

    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('rejects an unknown X-Amz-Target', async () => {
    aws = await startAwsEndpoint({});

    const response = await fetch(aws.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.DeleteParameter' },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('rejects an unsigned request', async () => {
    aws = await startAwsEndpoint({ parameters: { '/a': 'x' } });

    const response = await fetch(aws.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
      body: '{"Name":"/a"}',
    });

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('IncompleteSignatureException');
  });

  it('answers the next requests with a configured AWS error', async () => {
    aws = await startAwsEndpoint({ parameters: { '/a': 'x' } });
    const ssm = new SSMClient(aws.clientConfig);
    aws.failNext(1, {
      type: 'AccessDeniedException',
      message: 'not authorized to perform: ssm:GetParameter',
    });

    const first = await ssm.send(new GetParameterCommand({ Name: '/a' })).catch((e) => e);
    const second = await ssm.send(new GetParameterCommand({ Name: '/a' }));

    expect(first.name).toBe('AccessDeniedException');
    expect(second.Parameter?.Value).toBe('x');
    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(2);
  });
});

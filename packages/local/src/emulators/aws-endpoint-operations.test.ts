// The SSM and Secrets Manager operations of startAwsEndpoint beyond reads, and its protocol checks.
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { type AwsEndpoint, startAwsEndpoint } from '../index.js';

let aws: AwsEndpoint;
afterEach(() => aws.close());

const SIGNED = {
  authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': 'AmazonSSM.GetParameter',
};

describe('startAwsEndpoint operations', () => {
  it('creates a parameter with PutParameter, refuses to overwrite it unless asked, then adds a version', async () => {
    aws = await startAwsEndpoint();
    const ssm = new SSMClient(aws.clientConfig);

    const created = await ssm.send(
      new PutParameterCommand({ Name: '/app/mode', Value: 'blue', Type: 'String' }),
    );
    const refused = await ssm
      .send(new PutParameterCommand({ Name: '/app/mode', Value: 'green' }))
      .catch((e) => e);
    const updated = await ssm.send(
      new PutParameterCommand({ Name: '/app/mode', Value: 'green', Overwrite: true }),
    );
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/app/mode' }));

    expect(created).toMatchObject({ Version: 1, Tier: 'Standard' });
    expect(refused.name).toBe('ParameterAlreadyExists');
    expect(updated.Version).toBe(2);
    expect(Parameter).toMatchObject({ Value: 'green', Version: 2 });
    expect(aws.countOf('AmazonSSM.PutParameter')).toBe(3);
  });

  it('validates what the SDK lets through: the type, the names list, the path and the page size', async () => {
    aws = await startAwsEndpoint({ parameters: { '/a/b': '1' } });
    const ssm = new SSMClient(aws.clientConfig);

    const errors = await Promise.all([
      ssm.send(new PutParameterCommand({ Name: '/x', Value: 'v', Type: 'Number' as never })).catch((e) => e),
      ssm.send(new GetParametersCommand({ Names: [] })).catch((e) => e),
      ssm.send(new GetParametersByPathCommand({ Path: 'a' })).catch((e) => e),
      ssm.send(new GetParametersByPathCommand({ Path: '/a', MaxResults: 11 })).catch((e) => e),
      ssm.send(new GetParametersByPathCommand({ Path: '/a', NextToken: 'not-a-token' })).catch((e) => e),
      ssm.send(new GetParameterCommand({ Name: '' })).catch((e) => e),
    ]);

    expect(errors.map((error) => error.name)).toEqual([
      'ValidationException',
      'ValidationException',
      'ValidationException',
      'ValidationException',
      'InvalidNextToken',
      'ValidationException',
    ]);
    expect(aws.requests.map((request) => request.status)).toEqual([400, 400, 400, 400, 400, 400]);
  });

  it('describes a secret, with its rotation date when it rotates', async () => {
    const nextRotationDate = new Date('2027-01-01T00:00:00Z');
    aws = await startAwsEndpoint({
      secrets: {
        'db-password': 's3cret',
        rotating: { versions: [{ versionId: 'v1', stages: ['AWSCURRENT'], value: 'x' }], nextRotationDate },
      },
    });
    const secrets = new SecretsManagerClient(aws.clientConfig);

    const plain = await secrets.send(new DescribeSecretCommand({ SecretId: 'db-password' }));
    const rotating = await secrets.send(new DescribeSecretCommand({ SecretId: 'rotating' }));
    const missing = await secrets.send(new DescribeSecretCommand({ SecretId: 'absent' })).catch((e) => e);

    expect(plain).toMatchObject({ Name: 'db-password', RotationEnabled: false });
    expect(plain.NextRotationDate).toBeUndefined();
    expect(rotating).toMatchObject({ RotationEnabled: true, NextRotationDate: nextRotationDate });
    expect(rotating.VersionIdsToStages).toEqual({ v1: ['AWSCURRENT'] });
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('answers requests outside the protocol the AWS way: method, content type, body', async () => {
    aws = await startAwsEndpoint();

    const get = await fetch(`${aws.url}/`);
    const text = await fetch(`${aws.url}/`, {
      method: 'POST',
      headers: { ...SIGNED, 'content-type': 'text/plain' },
    });
    const notJson = await fetch(`${aws.url}/`, { method: 'POST', headers: SIGNED, body: '{' });

    expect([get.status, get.headers.get('x-amzn-errortype')]).toEqual([404, 'UnknownOperationException']);
    expect([text.status, text.headers.get('x-amzn-errortype')]).toEqual([400, 'SerializationException']);
    expect(await notJson.json()).toEqual({
      __type: 'SerializationException',
      message: 'The request body is not valid JSON',
    });
  });
});

// setParameter's checks and what it sends to SSM PutParameter.
import { describe, expect, it } from 'vitest';
import { everythingIn, useEmulators } from '../../test/test-helpers.js';
import { ParameterOptionsError, SetParameterError } from '../index.js';
import { SSMProvider, setParameter } from './index.js';

const emulators = useEmulators();

describe('setParameter', () => {
  it('sends the type, tier, description and KMS key it is given', async () => {
    const aws = await emulators.aws({});

    const provider = new SSMProvider({ clientConfig: aws.clientConfig });

    const version = await provider.set('/app/key', {
      value: 'v',
      parameterType: 'SecureString',
      tier: 'Advanced',
      description: 'the key',
      kmsKeyId: 'alias/app',
      sdkOptions: { AllowedPattern: '.*' },
    } as never);

    expect(version).toBe(1);
    expect(aws.requests[0].body).toEqual({
      AllowedPattern: '.*',
      Name: '/app/key',
      Value: 'v',
      Overwrite: false,
      Type: 'SecureString',
      Tier: 'Advanced',
      Description: 'the key',
      KeyId: 'alias/app',
    });
  });

  it('refuses options that are not an object, a bad overwrite, type or tier, before any request', async () => {
    const aws = await emulators.aws({});
    const calls: Array<[unknown, string]> = [
      [null, 'Invalid options for "/app/flag": must be an object with a string `value`'],
      ['on', 'Invalid options for "/app/flag": must be an object with a string `value`'],
      [{ value: 'on', overwrite: 'yes' }, 'Invalid overwrite for "/app/flag": must be a boolean, got string'],
      [
        { value: 'on', parameterType: 'Secret' },
        `Invalid parameterType for "/app/flag": must be 'String', 'StringList' or 'SecureString', got "Secret"`,
      ],
      [
        { value: 'on', tier: 'Premium' },
        `Invalid tier for "/app/flag": must be 'Standard', 'Advanced' or 'Intelligent-Tiering', got "Premium"`,
      ],
    ];

    for (const [options, message] of calls) {
      const error = await setParameter('/app/flag', options as never).catch((e) => e);
      expect(error).toBeInstanceOf(ParameterOptionsError);
      expect(error.message).toBe(message);
    }
    expect(aws.requestCount).toBe(0);
  });

  it('masks the value in the AWS error it keeps as cause', async () => {
    const aws = await emulators.aws({});
    aws.failNext(1, {
      type: 'ValidationException',
      message: "Value 'hunter2' at 'value' failed to satisfy constraint",
    });

    const provider = new SSMProvider({ clientConfig: aws.clientConfig });

    const error = await provider.set('/app/flag', { value: 'hunter2' }).catch((e) => e);

    expect(error).toBeInstanceOf(SetParameterError);
    expect(error.message).toBe('Failed to set the parameter "/app/flag": ValidationException');
    expect(error.cause.name).toBe('ValidationException');
    expect(error.cause.message).toBe("Value '***' at 'value' failed to satisfy constraint");
    expect(everythingIn(error)).not.toContain('hunter2');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { useEmulators } from '../../test/test-helpers.js';
import { GetParameterError, ParameterOptionsError } from '../errors/index.js';
import { getSecret, SecretsProvider } from './index.js';

const emulators = useEmulators();

afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 60 * 60 * 1000;

describe('SecretsProvider', () => {
  it('gets a secret through the extension when it answers', async () => {
    const extension = await emulators.extension({ secrets: { 'db-credentials': '{"user":"app"}' } });
    const provider = new SecretsProvider();

    const value = await provider.get('db-credentials', { transform: 'json' });

    expect(value).toEqual({ user: 'app' });
    expect(extension.requestCount).toBe(1);
  });

  it('gets a secret through the real Secrets Manager client, the version from sdkOptions', async () => {
    const aws = await emulators.aws({
      secrets: {
        'db-password': {
          versions: [
            { versionId: 'v-old', stages: ['AWSPREVIOUS'], value: 'old' },
            { versionId: 'v-new', stages: ['AWSCURRENT'], value: 'new' },
          ],
        },
      },
    });
    const provider = new SecretsProvider({ clientConfig: aws.clientConfig, transport: 'sdk' });

    const value = await provider.get('db-password', { sdkOptions: { VersionStage: 'AWSPREVIOUS' } });

    expect(value).toBe('old');
    expect(aws.requests[0].body).toMatchObject({ SecretId: 'db-password', VersionStage: 'AWSPREVIOUS' });
  });

  it('rejects getMultiple with GetParameterError, as Powertools does', async () => {
    const error = await new SecretsProvider().getMultiple('/any').catch((e) => e);

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error.message).toMatch(/^SecretsProvider has no getMultiple/);
  });
});

describe('fetchRotationDate', () => {
  it('serves the cached secret until its next rotation, then fetches it again (SDK route)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const rotation = new Date('2030-01-01T01:00:00Z');
    const aws = await emulators.aws({
      secrets: {
        'db-password': {
          versions: [{ versionId: 'v1', stages: ['AWSCURRENT'], value: 'before' }],
          nextRotationDate: rotation,
        },
      },
    });
    const options = {
      clientConfig: aws.clientConfig,
      transport: 'sdk',
      maxAge: Infinity,
      fetchRotationDate: true,
    } as const;
    const first = await getSecret('db-password', options);
    aws.setSecret('db-password', 'after');

    vi.setSystemTime(rotation.getTime() - 1000);
    const beforeRotation = await getSecret('db-password', options);
    vi.setSystemTime(rotation.getTime() + 1000);
    const afterRotation = await getSecret('db-password', options);

    expect([first, beforeRotation, afterRotation]).toEqual(['before', 'before', 'after']);
    expect(aws.countOf('secretsmanager.DescribeSecret')).toBe(2);
    expect(aws.countOf('secretsmanager.GetSecretValue')).toBe(2);
  });

  it('reads the value through the extension and the rotation date through the SDK', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const rotation = new Date('2030-01-01T00:10:00Z');
    const extension = await emulators.extension({ secrets: { 'api-key': 'k1' } });
    const aws = await emulators.aws({
      secrets: {
        'api-key': {
          versions: [{ versionId: 'v1', stages: ['AWSCURRENT'], value: 'k1' }],
          nextRotationDate: rotation,
        },
      },
    });
    const options = { clientConfig: aws.clientConfig, maxAge: 3600, fetchRotationDate: true } as const;
    await getSecret('api-key', options);
    extension.setSecret('api-key', 'k2');

    vi.setSystemTime(rotation.getTime() + 1);
    const value = await getSecret('api-key', options);

    expect(value).toBe('k2');
    expect(extension.requestCount).toBe(2);
    expect(aws.countOf('secretsmanager.GetSecretValue')).toBe(0);
  });

  it('keeps maxAge for a secret without rotation', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const aws = await emulators.aws({ secrets: { plain: 'p' } });
    const options = {
      clientConfig: aws.clientConfig,
      transport: 'sdk',
      maxAge: 60,
      fetchRotationDate: true,
    } as const;
    await getSecret('plain', options);

    vi.setSystemTime(Date.now() + HOUR);
    await getSecret('plain', options);

    expect(aws.countOf('secretsmanager.GetSecretValue')).toBe(2);
  });

  it('refuses a fetchRotationDate that is not a boolean, naming it', async () => {
    const error = await getSecret('plain', { fetchRotationDate: 'yes' as never }).catch((e) => e);

    expect(error).toBeInstanceOf(ParameterOptionsError);
    expect(error.message).toBe('Invalid fetchRotationDate for "plain": must be a boolean, got string');
  });
});

describe('maxAge Infinity', () => {
  it('caches a value for the life of the execution environment', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const aws = await emulators.aws({ secrets: { forever: 'f' } });
    const options = { clientConfig: aws.clientConfig, transport: 'sdk', maxAge: Infinity } as const;
    await getSecret('forever', options);

    vi.setSystemTime(Date.now() + 365 * 24 * HOUR);
    await getSecret('forever', options);

    expect(aws.countOf('secretsmanager.GetSecretValue')).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import { getSecret, ParameterNotFoundError } from './index.js';

const emulators = useEmulators();

const ROTATED = {
  versions: [
    { versionId: '11111111-aaaa-4bbb-8ccc-000000000001', stages: ['AWSPREVIOUS'], value: 'old-password' },
    { versionId: '11111111-aaaa-4bbb-8ccc-000000000002', stages: ['AWSCURRENT'], value: 'new-password' },
  ],
};

describe('getSecret through the extension', () => {
  it('returns the SecretString from the documented GET path with the session token header', async () => {
    const extension = await emulators.extension({ secrets: { 'db-password': 'hunter2' } });

    const value = await getSecret('db-password');

    expect(value).toBe('hunter2');
    expect(extension.requests[0]).toMatchObject({
      path: '/secretsmanager/get',
      query: { secretId: 'db-password' },
      token: extension.token,
    });
  });

  it('returns a SecretBinary as bytes', async () => {
    await emulators.extension({ secrets: { 'tls-key': new Uint8Array([0, 1, 2, 255]) } });

    const value = await getSecret('tls-key');

    expect(value).toEqual(new Uint8Array([0, 1, 2, 255]));
  });

  it('selects a version by versionStage or versionId', async () => {
    const extension = await emulators.extension({ secrets: { 'db-password': ROTATED } });

    const previous = await getSecret('db-password', { versionStage: 'AWSPREVIOUS' });
    const byId = await getSecret('db-password', { versionId: ROTATED.versions[1].versionId });

    expect([previous, byId]).toEqual(['old-password', 'new-password']);
    expect(extension.requests.map((request) => request.query)).toEqual([
      { secretId: 'db-password', versionStage: 'AWSPREVIOUS' },
      { secretId: 'db-password', versionId: ROTATED.versions[1].versionId },
    ]);
  });

  it('parses a JSON secret with transform json', async () => {
    await emulators.extension({ secrets: { 'db-credentials': '{"username":"app","password":"pw"}' } });

    const value = await getSecret('db-credentials', { transform: 'json' });

    expect(value).toEqual({ username: 'app', password: 'pw' });
  });

  it('parses a JSON SecretBinary with transform json', async () => {
    await emulators.extension({ secrets: { blob: new TextEncoder().encode('{"a":1}') } });

    const value = await getSecret('blob', { transform: 'json' });

    expect(value).toEqual({ a: 1 });
  });

  it('accepts a secret ARN', async () => {
    const extension = await emulators.extension({ secrets: { 'db-password': 'hunter2' } });
    const arn = (
      (await await fetch(`${extension.url}/secretsmanager/get?secretId=db-password`, {
        headers: { 'X-Aws-Parameters-Secrets-Token': extension.token },
      }).then((response) => response.json())) as { ARN: string }
    ).ARN;

    const value = await getSecret(arn);

    expect(value).toBe('hunter2');
  });

  it('rejects with ParameterNotFoundError naming a missing secret', async () => {
    await emulators.extension({});

    const error = await getSecret('payments/missing').catch((e) => e);

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error).toMatchObject({ parameter: 'payments/missing', kind: 'secret', transport: 'extension' });
    expect(error.message).toBe('The secret "payments/missing" was not found (through the extension)');
  });

  it('caches a secret and keeps version stages apart', async () => {
    const extension = await emulators.extension({ secrets: { 'db-password': ROTATED } });

    await getSecret('db-password');
    await getSecret('db-password', { versionStage: 'AWSPREVIOUS' });
    const current = await getSecret('db-password');

    expect(current).toBe('new-password');
    expect(extension.requestCount).toBe(2);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type ParametersExtension, startParametersExtension } from '../index.js';

let extension: ParametersExtension | undefined;

afterEach(async () => {
  await extension?.close();
  extension = undefined;
});

/** GETs a path of the emulator; `token: null` sends no token header. */
async function get(path: string, token: string | null = extension!.token) {
  const headers: Record<string, string> = token === null ? {} : { 'X-Aws-Parameters-Secrets-Token': token };
  const response = await fetch(`${extension!.url}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, text, json: response.status === 200 ? JSON.parse(text) : undefined };
}

describe('startParametersExtension', () => {
  it('answers a parameter with the GetParameter response body', async () => {
    extension = await startParametersExtension({ parameters: { '/app/db-url': 'postgres://db' } });

    const { status, json } = await get(
      `/systemsmanager/parameters/get?name=${encodeURIComponent('/app/db-url')}`,
    );

    expect(status).toBe(200);
    expect(json.Parameter).toMatchObject({
      Name: '/app/db-url',
      Type: 'String',
      Value: 'postgres://db',
      Version: 1,
      ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db-url',
      DataType: 'text',
    });
    expect(json.ResultMetadata).toEqual({});
  });

  it('decrypts a SecureString only when withDecryption=true', async () => {
    extension = await startParametersExtension({
      parameters: { '/app/key': { value: 'k3y', type: 'SecureString' } },
    });

    const encrypted = await get('/systemsmanager/parameters/get?name=%2Fapp%2Fkey');
    const decrypted = await get('/systemsmanager/parameters/get?name=%2Fapp%2Fkey&withDecryption=true');

    expect(encrypted.json.Parameter.Value).not.toContain('k3y');
    expect(decrypted.json.Parameter.Value).toBe('k3y');
  });

  it('selects a version or a label', async () => {
    extension = await startParametersExtension({
      parameters: { '/flag': { versions: ['one', 'two', 'three'], labels: { stable: 2 } } },
    });

    const latest = await get('/systemsmanager/parameters/get?name=%2Fflag');
    const byVersion = await get('/systemsmanager/parameters/get?name=%2Fflag&version=1');
    const byLabel = await get('/systemsmanager/parameters/get?name=%2Fflag&label=stable');

    expect([
      latest.json.Parameter.Value,
      byVersion.json.Parameter.Value,
      byLabel.json.Parameter.Value,
    ]).toEqual(['three', 'one', 'two']);
    expect(byLabel.json.Parameter.Selector).toBe(':stable');
  });

  it('rejects version and label together with HTTP 400', async () => {
    extension = await startParametersExtension({ parameters: { '/flag': 'x' } });

    const { status } = await get('/systemsmanager/parameters/get?name=%2Fflag&version=1&label=stable');

    expect(status).toBe(400);
  });

  it('answers a missing parameter with HTTP 400 and the upstream ParameterNotFound error', async () => {
    extension = await startParametersExtension({});

    const { status, text } = await get('/systemsmanager/parameters/get?name=%2Fmissing');

    expect(status).toBe(400);
    expect(text).toContain('ParameterNotFound');
  });

  it('answers a secret with the GetSecretValue response body, by stage or version id', async () => {
    extension = await startParametersExtension({
      secrets: {
        'db-password': {
          versions: [
            { versionId: 'v-old', stages: ['AWSPREVIOUS'], value: 'old-pass' },
            { versionId: 'v-new', stages: ['AWSCURRENT'], value: 'new-pass' },
          ],
        },
      },
    });

    const current = await get('/secretsmanager/get?secretId=db-password');
    const previous = await get('/secretsmanager/get?secretId=db-password&versionStage=AWSPREVIOUS');
    const byId = await get('/secretsmanager/get?secretId=db-password&versionId=v-new');

    expect(current.json).toMatchObject({ Name: 'db-password', SecretString: 'new-pass', VersionId: 'v-new' });
    expect(current.json.VersionStages).toEqual(['AWSCURRENT']);
    expect(previous.json.SecretString).toBe('old-pass');
    expect(byId.json.SecretString).toBe('new-pass');
  });

  it('answers a binary secret as base64 SecretBinary', async () => {
    extension = await startParametersExtension({ secrets: { blob: new Uint8Array([1, 2, 255]) } });

    const { json } = await get('/secretsmanager/get?secretId=blob');

    expect(json.SecretBinary).toBe('AQL/');
    expect(json.SecretString).toBeUndefined();
  });

  it('rejects at start a secret seed it cannot serve, naming the entry but not the value', async () => {
    const error = await startParametersExtension({
      secrets: { 'api-key': { binary: new Uint8Array([0x53, 0x33]) } as never },
    }).catch((e) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      'startParametersExtension: secrets["api-key"] must be a string (SecretString), a Uint8Array (SecretBinary, answered base64-encoded) or { versions: [{ versionId, stages, value }] }; got an object with keys binary',
    );
  });

  it('rejects at start a secret version whose value is neither text nor bytes', async () => {
    const error = await startParametersExtension({
      secrets: { s: { versions: [{ versionId: 'v1', stages: ['AWSCURRENT'], value: 42 as never }] } },
    }).catch((e) => e);

    expect(error.message).toBe(
      'startParametersExtension: secrets["s"].versions[0].value must be a string (SecretString) or a Uint8Array (SecretBinary), got number',
    );
  });

  it('rejects at start a parameter seed whose value is not a string, without quoting it', async () => {
    const error = await startParametersExtension({
      parameters: { '/app/port': { value: 8080 as never } },
    }).catch((e) => e);

    expect(error.message).toBe(
      'startParametersExtension: parameters["/app/port"].value must be a string, got number',
    );
    expect(error.message).not.toContain('8080');
  });

  it('rejects at start a label that points at no version', async () => {
    const error = await startParametersExtension({
      parameters: { '/flag': { versions: ['a', 'b'], labels: { prod: 3 } } },
    }).catch((e) => e);

    expect(error.message).toBe(
      'startParametersExtension: parameters["/flag"].labels["prod"] must be a version number from 1 to 2',
    );
  });

  it('rejects a seed it cannot serve given later through setSecret', async () => {
    extension = await startParametersExtension({});

    const setting = () => extension!.setSecret('s', { binary: new Uint8Array([1]) } as never);

    expect(setting).toThrow('startParametersExtension: secrets["s"] must be a string (SecretString)');
  });

  it('answers HTTP 500 and keeps serving when a seed changed after start can no longer be served', async () => {
    const seed = {
      versions: [{ versionId: 'v1', stages: ['AWSCURRENT'], value: 'pw' as string | Uint8Array }],
    };
    extension = await startParametersExtension({ secrets: { s: seed }, parameters: { '/a': 'x' } });
    seed.versions[0].value = 42 as never;

    const broken = await get('/secretsmanager/get?secretId=s');
    const next = await get('/systemsmanager/parameters/get?name=%2Fa');

    expect(broken.status).toBe(500);
    expect(broken.text).toBe(
      'internal error of the parameters extension emulator (TypeError) answering /secretsmanager/get',
    );
    expect(next.status).toBe(200);
    expect(extension.requests.map((request) => request.status)).toEqual([500, 200]);
  });

  it('serves a secret through the /aws/reference/secretsmanager/ parameter with decryption', async () => {
    extension = await startParametersExtension({ secrets: { 'api-key': 'abc' } });

    const { json } = await get(
      `/systemsmanager/parameters/get?name=${encodeURIComponent('/aws/reference/secretsmanager/api-key')}&withDecryption=true`,
    );

    expect(json.Parameter.Value).toBe('abc');
  });

  it('answers 401 without the right X-Aws-Parameters-Secrets-Token', async () => {
    extension = await startParametersExtension({ parameters: { '/a': 'x' }, token: 'right' });

    const missing = await get('/systemsmanager/parameters/get?name=%2Fa', null);
    const wrong = await get('/systemsmanager/parameters/get?name=%2Fa', 'wrong');

    expect([missing.status, wrong.status]).toEqual([401, 401]);
  });

  it('counts requests and records their query', async () => {
    extension = await startParametersExtension({ parameters: { '/a': 'x' } });

    await get('/systemsmanager/parameters/get?name=%2Fa&withDecryption=true');
    await get('/secretsmanager/get?secretId=nope');

    expect(extension.requestCount).toBe(2);
    expect(extension.requests[0]).toMatchObject({
      path: '/systemsmanager/parameters/get',
      query: { name: '/a', withDecryption: 'true' },
      status: 200,
    });
    expect(extension.requests[1].status).toBe(400);
  });

  it('fails the first requests with the configured status', async () => {
    extension = await startParametersExtension({ parameters: { '/a': 'x' }, failFirst: 2, failStatus: 400 });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/systemsmanager/parameters/get?name=%2Fa')).status);

    expect(statuses).toEqual([400, 400, 200]);
  });

  it('refuses connections until listenAfterMs has passed', async () => {
    extension = await startParametersExtension({ parameters: { '/a': 'x' }, listenAfterMs: 100 });

    const early = await get('/systemsmanager/parameters/get?name=%2Fa').catch((error) => error.cause?.code);
    await extension.listening;
    const late = await get('/systemsmanager/parameters/get?name=%2Fa');

    expect(early).toBe('ECONNREFUSED');
    expect(late.status).toBe(200);
    expect(extension.requestCount).toBe(1);
  });

  it('resets the first connections when asked', async () => {
    extension = await startParametersExtension({ parameters: { '/a': 'x' }, resetFirstConnections: 1 });

    const first = await get('/systemsmanager/parameters/get?name=%2Fa').catch((error) => error.cause?.code);
    const second = await get('/systemsmanager/parameters/get?name=%2Fa');

    expect(first).toBe('ECONNRESET');
    expect(second.status).toBe(200);
    expect(extension.resetCount).toBe(1);
  });

  it('serves values changed after start', async () => {
    extension = await startParametersExtension({ parameters: { '/a': 'x' } });

    extension.setParameter('/a', 'y');
    extension.setSecret('s', 'fresh');
    const parameter = await get('/systemsmanager/parameters/get?name=%2Fa');
    const secret = await get('/secretsmanager/get?secretId=s');

    expect(parameter.json.Parameter.Value).toBe('y');
    expect(secret.json.SecretString).toBe('fresh');
  });

  it('exposes the environment a function needs to reach it', async () => {
    extension = await startParametersExtension({ token: 'tok' });

    expect(extension.env).toEqual({
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port),
      AWS_SESSION_TOKEN: 'tok',
    });
  });
});

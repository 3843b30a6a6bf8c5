// What startParametersExtension refuses at start (a seed it could not serve) and the requests it
// refuses, each with the rule it breaks.
import { afterEach, describe, expect, it } from 'vitest';
import { type ParametersExtension, startParametersExtension } from '../index.js';

let extension: ParametersExtension | undefined;
afterEach(async () => {
  await extension?.close();
  extension = undefined;
});

describe('startParametersExtension seeds', () => {
  it.each([
    [{ parameters: [] }, 'parameters must be an object of name to seed, got an array'],
    [{ parameters: { '/p': null } }, 'parameters["/p"] must be a string (the value) or { value }'],
    [{ parameters: { '/p': {} } }, 'got an empty object'],
    [{ parameters: { '/p': { value: 1 } } }, 'parameters["/p"].value must be a string, got number'],
    [{ parameters: { '/p': { versions: [] } } }, '.versions must be a non-empty array of strings'],
    [{ parameters: { '/p': { versions: ['a', 2] } } }, '.versions[1] must be a string, got number'],
    [
      { parameters: { '/p': { value: 'v', type: 'Number' } } },
      `.type must be 'String', 'StringList' or 'SecureString'`,
    ],
    [
      { parameters: { '/p': { value: 'v', labels: null } } },
      '.labels must be an object of label to version number',
    ],
    [{ secrets: { s: 3 } }, 'secrets["s"] must be a string (SecretString), a Uint8Array'],
    [{ secrets: { s: { versions: [] } } }, 'secrets["s"].versions must be a non-empty array'],
    [
      { secrets: { s: { versions: [{ versionId: '', stages: [], value: 'v' }] } } },
      '.versions[0].versionId must be',
    ],
    [
      { secrets: { s: { versions: [{ versionId: 'v1', stages: 'AWSCURRENT', value: 'v' }] } } },
      '.versions[0].stages must be',
    ],
  ])('refuses %j at start', async (options, message) => {
    await expect(startParametersExtension(options as never)).rejects.toThrow(message);
  });
});

describe('startParametersExtension requests', () => {
  async function get(path: string, method = 'GET') {
    const response = await fetch(`${extension?.url}${path}`, {
      method,
      headers: { 'X-Aws-Parameters-Secrets-Token': extension?.token ?? '' },
    });
    return [response.status, await response.text()];
  }

  it('refuses a request without a name or secret id, with both selectors, another method or path', async () => {
    extension = await startParametersExtension({ secrets: { s: 'v' } });

    expect(await get('/systemsmanager/parameters/get')).toEqual([
      400,
      'missing required query parameter: name',
    ]);
    expect(await get('/secretsmanager/get?secretId=')).toEqual([
      400,
      'missing required query parameter: secretId',
    ]);
    expect(await get('/secretsmanager/get?secretId=s&versionStage=AWSCURRENT&versionId=v1')).toEqual([
      400,
      'versionStage and versionId cannot both be specified',
    ]);
    expect(await get('/secretsmanager/get?secretId=absent')).toEqual([
      400,
      expect.stringContaining('ResourceNotFoundException'),
    ]);
    expect(await get('/secretsmanager/get?secretId=s', 'POST')).toEqual([405, 'method not allowed']);
    expect(await get('/other')).toEqual([404, 'not found']);
  });
});

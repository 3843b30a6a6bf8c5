// The SDK transport's functions on answers a real client can give: an empty GetParameter output, a
// rejection that is not an Error, a by-path page whose entry has no value.
import { describe, expect, it } from 'vitest';
import { sdkGetParameter, sdkGetParametersByPath, sendWithSignatureRetry } from './sdk-transport.js';

describe('SDK transport edges', () => {
  it('resolves to undefined for a GetParameter output without Parameter', async () => {
    const client = { send: async () => ({}) };

    expect(await sdkGetParameter('/app/flag', false, undefined, { awsSdkV3Client: client })).toBeUndefined();
  });

  it('rejects with what the client rejected with, even when it is not an Error', async () => {
    const client = { send: () => Promise.reject(null) };

    await expect(sendWithSignatureRetry(client, {})).rejects.toBeNull();
  });

  it('leaves out a parameter of a by-path page that has no value', async () => {
    const client = {
      send: async () => ({ Parameters: [{ Name: '/app/a', Value: '1' }, { Name: '/app/b' }] }),
    };

    const values = await sdkGetParametersByPath('/app', false, false, { awsSdkV3Client: client });

    expect(Object.keys(values)).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
import { everythingIn, useEmulators } from '../../test/test-helpers.js';
import { GetParameterError, ParameterOptionsError, SetParameterError } from '../errors/index.js';
import { Transform } from '../index.js';
import { getParameter, getParametersByName, SSMProvider, setParameter } from './index.js';

const emulators = useEmulators();

describe('SSMProvider', () => {
  it('gets a parameter through the extension when it answers', async () => {
    const extension = await emulators.extension({ parameters: { '/app/config': '{"limit":3}' } });
    const provider = new SSMProvider();

    const value = await provider.get('/app/config', { transform: Transform.JSON });

    expect(value).toEqual({ limit: 3 });
    expect(extension.requestCount).toBe(1);
  });

  it('gets a parameter through the real SSM client when the transport is sdk', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'on' } });
    const provider = new SSMProvider({ clientConfig: aws.clientConfig, transport: 'sdk' });

    const value = await provider.get('/app/flag');

    expect(value).toBe('on');
    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(1);
  });

  it('passes sdkOptions.WithDecryption as decrypt', async () => {
    const aws = await emulators.aws({ parameters: { '/app/key': { value: 'k-123', type: 'SecureString' } } });
    const provider = new SSMProvider({ clientConfig: aws.clientConfig, transport: 'sdk' });

    const value = await provider.get('/app/key', { sdkOptions: { WithDecryption: true } });

    expect(value).toBe('k-123');
    expect(aws.requests[0].body.WithDecryption).toBe(true);
  });

  it('gets every parameter under a path, keyed relative to it, with getMultiple', async () => {
    const aws = await emulators.aws({ parameters: { '/app/a': '1', '/app/b.json': '{"x":1}' } });
    const provider = new SSMProvider({ clientConfig: aws.clientConfig });

    const values = await provider.getMultiple('/app', { transform: 'auto' });

    expect(values).toEqual({ a: '1', 'b.json': { x: 1 } });
  });

  it('gets parameters by name, collecting failures under _errors when throwOnError is false', async () => {
    const aws = await emulators.aws({ parameters: { '/app/a': 'x' } });
    const provider = new SSMProvider({ clientConfig: aws.clientConfig, transport: 'sdk' });

    const values = await provider.getParametersByName(
      { '/app/a': {}, '/app/missing': {} },
      { throwOnError: false },
    );

    expect(values).toEqual({ '/app/a': 'x', _errors: ['/app/missing'] });
  });

  it('serves a second get from the cache and fetches again after clearCache()', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'on' } });
    const provider = new SSMProvider({ clientConfig: aws.clientConfig, transport: 'sdk' });
    await provider.get('/app/flag');
    await provider.get('/app/flag');

    provider.clearCache();
    await provider.get('/app/flag');

    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(2);
  });

  it('refuses clientConfig and awsSdkV3Client together, naming both', () => {
    const both = { clientConfig: {}, awsSdkV3Client: { send: async () => ({}) } } as never;

    expect(() => new SSMProvider(both)).toThrow(ParameterOptionsError);
    expect(() => new SSMProvider(both)).toThrow(/clientConfig and awsSdkV3Client/);
  });
});

describe('setParameter', () => {
  it('writes through PutParameter, resolves to the new version, and getParameter reads it back', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'off' } });
    const provider = new SSMProvider({ clientConfig: aws.clientConfig, transport: 'sdk' });

    const version = await provider.set('/app/flag', { value: 'on', overwrite: true });
    const value = await provider.get('/app/flag', { forceFetch: true });

    expect(version).toBe(2);
    expect(value).toBe('on');
    expect(aws.requests[0].body).toMatchObject({
      Name: '/app/flag',
      Value: 'on',
      Overwrite: true,
      Type: 'String',
    });
  });

  it('rejects with SetParameterError naming the AWS error and never the value', async () => {
    const aws = await emulators.aws({ parameters: { '/app/token': 'old' } });
    const provider = new SSMProvider({ clientConfig: aws.clientConfig });

    const error = await provider
      .set('/app/token', { value: 's3cr3t-value', parameterType: 'SecureString' })
      .catch((e) => e);

    expect(error).toBeInstanceOf(SetParameterError);
    expect(error.message).toBe('Failed to set the parameter "/app/token": ParameterAlreadyExists');
    expect(everythingIn(error)).not.toContain('s3cr3t-value');
  });

  it('refuses a value that is not a string before any request', async () => {
    const error = await setParameter('/app/flag', { value: 42 as never }).catch((e) => e);

    expect(error).toBeInstanceOf(ParameterOptionsError);
    expect(error.message).toBe('Invalid value for "/app/flag": must be a string, got number');
  });
});

describe('the /ssm getters', () => {
  it('are the root getters, typed as Powertools types them', async () => {
    await emulators.extension({ parameters: { '/app/a': 'x', '/app/b': '{"y":2}' } });

    const single = await getParameter('/app/a');
    const byName = await getParametersByName({ '/app/a': {}, '/app/b': { transform: 'json' } });

    expect(single).toBe('x');
    expect(byName).toEqual({ '/app/a': 'x', '/app/b': { y: 2 } });
  });
});

describe('the signature retry', () => {
  it('retries once after InvalidSignatureException through the SDK and returns the value', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'on' } });
    aws.failNext(1, { type: 'InvalidSignatureException', status: 403 });

    const value = await getParameter('/app/flag', { transport: 'sdk', clientConfig: aws.clientConfig });

    expect(value).toBe('on');
    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(2);
  });

  it('retries only once: a second InvalidSignatureException is the error', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'on' } });
    aws.failNext(2, { type: 'InvalidSignatureException', status: 403 });

    const error = await getParameter('/app/flag', { transport: 'sdk', clientConfig: aws.clientConfig }).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error.message).toContain('InvalidSignatureException');
    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(2);
  });

  it('retries after an InvalidSignatureException the extension relays in a 400 body', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    extension.failNext(1, 400, '{"__type":"InvalidSignatureException","message":"Signature expired"}');

    const value = await getParameter('/app/flag', { transport: 'extension' });

    expect(value).toBe('on');
    expect(extension.requestCount).toBe(2);
  });
});

import { captureOutput } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import {
  getParameter,
  getParameters,
  getParametersByName,
  ParameterNotFoundError,
  ParameterOptionsError,
  TransformParameterError,
} from './index.js';

const emulators = useEmulators();

const TREE = {
  '/app/db/url': 'postgres://db',
  '/app/db/pool.json': '{"max":5}',
  '/app/feature': 'on',
  '/app/logo.binary': 'aGk=',
  '/app/deep/er/value': 'deep',
  '/other/thing': 'x',
};

describe('getParameters (by path)', () => {
  it('reads every page of GetParametersByPath and keys values by their name under the path', async () => {
    const aws = await emulators.aws({ parameters: TREE, pageSize: 2 });

    const values = await getParameters('/app', { recursive: true, clientConfig: aws.clientConfig });

    expect(values).toEqual({
      'db/url': 'postgres://db',
      'db/pool.json': '{"max":5}',
      feature: 'on',
      'logo.binary': 'aGk=',
      'deep/er/value': 'deep',
    });
    expect(aws.countOf('AmazonSSM.GetParametersByPath')).toBe(3);
    expect(aws.requests[0].body).toMatchObject({ Path: '/app', Recursive: true, MaxResults: 10 });
  });

  it('reads only direct children without recursive', async () => {
    const aws = await emulators.aws({ parameters: TREE });

    const values = await getParameters('/app', { clientConfig: aws.clientConfig });

    expect(Object.keys(values).sort()).toEqual(['feature', 'logo.binary']);
  });

  it('transforms each value by its own suffix with transform auto', async () => {
    const aws = await emulators.aws({ parameters: TREE });

    const values = await getParameters('/app', {
      recursive: true,
      transform: 'auto',
      clientConfig: aws.clientConfig,
    });

    expect(values['db/pool.json']).toEqual({ max: 5 });
    expect(values['logo.binary']).toBe('hi');
    expect(values.feature).toBe('on');
  });

  it('leaves a value that fails its transform undefined, or throws with throwOnTransformError', async () => {
    const aws = await emulators.aws({ parameters: { '/cfg/a': '{"ok":true}', '/cfg/b': 'not json' } });

    const lenient = await getParameters('/cfg', { transform: 'json', clientConfig: aws.clientConfig });
    const strict = await getParameters('/cfg', {
      transform: 'json',
      throwOnTransformError: true,
      clientConfig: aws.clientConfig,
    }).catch((e) => e);

    expect(lenient).toEqual({ a: { ok: true }, b: undefined });
    expect(strict).toBeInstanceOf(TransformParameterError);
    expect(strict.parameter).toBe('b');
  });

  it('serves a second call from the cache', async () => {
    const aws = await emulators.aws({ parameters: TREE });

    await getParameters('/app', { clientConfig: aws.clientConfig });
    await getParameters('/app', { clientConfig: aws.clientConfig });

    expect(aws.requestCount).toBe(1);
  });

  it("rejects transport 'extension', which has no by-path API", async () => {
    const error = await getParameters('/app', { transport: 'extension' }).catch((e) => e);

    expect(error).toBeInstanceOf(ParameterOptionsError);
    expect(error.message).toContain('no by-path API');
  });

  it('rejects a path that does not begin with a slash', async () => {
    const error = await getParameters('app').catch((e) => e);

    expect(error).toBeInstanceOf(ParameterOptionsError);
    expect(error.message).toBe('Invalid path for "app": a parameter path must begin with "/"');
  });
});

describe('getParametersByName', () => {
  it('gets each name through the extension with its own options', async () => {
    const extension = await emulators.extension({
      parameters: {
        '/app/db-url': 'postgres://db',
        '/app/config': '{"retries":3}',
        '/app/key': { value: 'k', type: 'SecureString' },
      },
    });

    const values = await getParametersByName({
      '/app/db-url': {},
      '/app/config': { transform: 'json' },
      '/app/key': { decrypt: true },
    });

    expect(values).toEqual({
      '/app/db-url': 'postgres://db',
      '/app/config': { retries: 3 },
      '/app/key': 'k',
    });
    expect(extension.requestCount).toBe(3);
  });

  it('batches names through the SDK, 10 per GetParameters call, one call per decrypt setting', async () => {
    const parameters = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`/app/p${i}`, `v${i}`]));
    const aws = await emulators.aws({
      parameters: { ...parameters, '/app/secret': { value: 's', type: 'SecureString' } },
    });
    const request = Object.fromEntries(Object.keys(parameters).map((name) => [name, {}]));

    const values = await getParametersByName(
      { ...request, '/app/secret': { decrypt: true } },
      { transport: 'sdk', clientConfig: aws.clientConfig },
    );

    expect(values['/app/p11']).toBe('v11');
    expect(values['/app/secret']).toBe('s');
    expect(aws.countOf('AmazonSSM.GetParameters')).toBe(3);
    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(0);
  });

  it("batches through the SDK on the first 'auto' call inside Lambda when no extension is installed", async () => {
    const aws = await emulators.aws({ parameters: { '/app/a': 'a', '/app/b': 'b' } });
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders';
    process.env.AWS_SESSION_TOKEN = 'token';

    const { result, stderr } = await captureOutput(() =>
      getParametersByName({ '/app/a': {}, '/app/b': {} }, { clientConfig: aws.clientConfig }),
    );

    expect(result).toEqual({ '/app/a': 'a', '/app/b': 'b' });
    expect(stderr).toEqual([
      expect.objectContaining({
        level: 'WARN',
        package: '@lambkit/parameters',
        code: 'PARAMETERS_AUTO_USES_SDK',
        message: expect.stringContaining("transport 'auto' uses the AWS SDK"),
      }),
    ]);
    expect(aws.countOf('AmazonSSM.GetParameters')).toBe(1);
    expect(aws.countOf('AmazonSSM.GetParameter')).toBe(0);
  });

  it('shares its cache entries with getParameter', async () => {
    const extension = await emulators.extension({ parameters: { '/app/a': 'a', '/app/b': 'b' } });

    await getParametersByName({ '/app/a': {}, '/app/b': {} });
    const a = await getParameter('/app/a');

    expect(a).toBe('a');
    expect(extension.requestCount).toBe(2);
  });

  it('batches only the names that miss the cache', async () => {
    const aws = await emulators.aws({ parameters: { '/app/a': 'a', '/app/b': 'b' } });
    const options = { transport: 'sdk', clientConfig: aws.clientConfig } as const;
    await getParameter('/app/a', options);

    await getParametersByName({ '/app/a': {}, '/app/b': {} }, options);

    expect(aws.requests.map((request) => request.body)).toEqual([
      { Name: '/app/a', WithDecryption: false },
      { Names: ['/app/b'], WithDecryption: false },
    ]);
  });

  it('rejects with the first failure by default', async () => {
    const aws = await emulators.aws({ parameters: { '/app/a': 'a' } });

    const error = await getParametersByName(
      { '/app/a': {}, '/app/missing': {} },
      { transport: 'sdk', clientConfig: aws.clientConfig },
    ).catch((e) => e);

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error.parameter).toBe('/app/missing');
  });

  it('lists failed names under _errors with throwOnError false', async () => {
    await emulators.extension({ parameters: { '/app/a': 'a', '/app/bad.json': 'not json' } });

    const values = await getParametersByName(
      { '/app/a': {}, '/app/missing': {}, '/app/bad.json': { transform: 'auto' } },
      { throwOnError: false },
    );

    expect(values).toEqual({ '/app/a': 'a', _errors: ['/app/missing', '/app/bad.json'] });
  });

  it('refuses a parameter named _errors with throwOnError false', async () => {
    const error = await getParametersByName({ _errors: {} }, { throwOnError: false }).catch((e) => e);

    expect(error).toBeInstanceOf(ParameterOptionsError);
    expect(error.message).toContain('_errors');
  });
});

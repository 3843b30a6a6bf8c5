import { captureOutput } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { closedPort, everythingIn, useEmulators } from '../../test/test-helpers.js';
import { getConfig } from '../appconfig-agent/index.js';
import { ParameterNotFoundError, ParameterOptionsError } from '../errors/index.js';
import { clearCaches } from '../index.js';
import { AppConfigProvider, getAppConfig } from './index.js';

const emulators = useEmulators();

const FLAGS = { 'shop/prod/flags': '{"beta":true}' };
const where = { application: 'shop', environment: 'prod' } as const;

describe('AppConfig through the agent extension', () => {
  it('reads the configuration from GET /applications/{app}/environments/{env}/configurations/{profile}', async () => {
    const agent = await emulators.appconfigAgent({ configurations: FLAGS });

    const value = await getAppConfig('flags', { ...where, transform: 'json' });

    expect(value).toEqual({ beta: true });
    expect(agent.requests).toEqual(['GET /applications/shop/environments/prod/configurations/flags']);
  });

  it('returns bytes without a transform, as Powertools does', async () => {
    await emulators.appconfigAgent({ configurations: { 'shop/prod/motd': 'hello' } });

    const value = await new AppConfigProvider(where).get('motd');

    expect(value).toEqual(new TextEncoder().encode('hello'));
  });

  it('serves a second get from the cache', async () => {
    const agent = await emulators.appconfigAgent({ configurations: FLAGS });
    const provider = new AppConfigProvider(where);

    await provider.get('flags', { transform: 'json' });
    await provider.get('flags', { transform: 'json' });

    expect(agent.requestCount).toBe(1);
  });

  it('rejects a missing configuration with ParameterNotFoundError', async () => {
    await emulators.appconfigAgent({ configurations: FLAGS });

    const error = await getAppConfig('nope', where).catch((e) => e);

    expect(error).toBeInstanceOf(ParameterNotFoundError);
  });

  it('getConfig reads the agent and resolves a missing configuration to undefined', async () => {
    await emulators.appconfigAgent({ configurations: FLAGS });

    const found = await getConfig('flags', { ...where, transform: 'json' });
    const missing = await getConfig('nope', where);

    expect(found).toEqual({ beta: true });
    expect(missing).toBeUndefined();
  });
});

describe('AppConfigProvider warm gets', () => {
  it('keeps a get without a transform and a json get apart', async () => {
    const agent = await emulators.appconfigAgent({ configurations: FLAGS });
    const provider = new AppConfigProvider(where);

    const values = [];
    for (let round = 0; round < 2; round++) {
      values.push(await provider.get('flags'));
      values.push(await provider.get('flags', { transform: 'json' }));
    }

    const bytes = new TextEncoder().encode('{"beta":true}');
    expect(values).toEqual([bytes, { beta: true }, bytes, { beta: true }]);
    expect(agent.requestCount).toBe(2);
  });

  it('fetches again under forceFetch or maxAge 0 after a warm get', async () => {
    const agent = await emulators.appconfigAgent({ configurations: FLAGS });
    const provider = new AppConfigProvider(where);
    await provider.get('flags', { transform: 'json' });
    await provider.get('flags', { transform: 'json' });

    await provider.get('flags', { transform: 'json', forceFetch: true });
    await provider.get('flags', { transform: 'json', maxAge: 0 });

    expect(agent.requestCount).toBe(3);
  });

  it("does not serve a get with its own transport or client the value read through the provider's", async () => {
    const agent = await emulators.appconfigAgent({ configurations: FLAGS });
    const data = await emulators.appconfigData({ configurations: FLAGS });
    const provider = new AppConfigProvider(where);
    await provider.get('flags', { transform: 'json' });
    await provider.get('flags', { transform: 'json' });

    await provider.get('flags', {
      transform: 'json',
      transport: 'sdk',
      clientConfig: data.clientConfig,
    } as never);

    expect(agent.requestCount).toBe(1);
    expect(data.countOf('GetLatestConfiguration')).toBe(1);
  });

  it('fetches again after clearCache(), and forgets with its next clearCache() what it read warm since', async () => {
    const agent = await emulators.appconfigAgent({ configurations: FLAGS });
    const provider = new AppConfigProvider(where);
    const other = new AppConfigProvider(where);
    await provider.get('flags', { transform: 'json' });
    await provider.get('flags', { transform: 'json' });

    provider.clearCache();
    await other.get('flags', { transform: 'json' }); // fetches, and fills the key both share
    await provider.get('flags', { transform: 'json' }); // served from what `other` fetched
    provider.clearCache();
    await other.get('flags', { transform: 'json' });

    expect(agent.requestCount).toBe(3);
  });
});

describe('AppConfig through AppConfigData', () => {
  it('starts one session, then follows the token chain and keeps the value when the body is empty', async () => {
    const data = await emulators.appconfigData({ configurations: FLAGS });
    const provider = new AppConfigProvider({ ...where, clientConfig: data.clientConfig, transport: 'sdk' });

    const first = await provider.get('flags', { transform: 'json', maxAge: 0 });
    const unchanged = await provider.get('flags', { transform: 'json', maxAge: 0 });
    data.setConfiguration('shop/prod/flags', '{"beta":false}');
    const deployed = await provider.get('flags', { transform: 'json', maxAge: 0 });

    expect([first, unchanged, deployed]).toEqual([{ beta: true }, { beta: true }, { beta: false }]);
    expect(data.countOf('StartConfigurationSession')).toBe(1);
    expect(data.countOf('GetLatestConfiguration')).toBe(3);
  });

  it('starts a new session after clearCaches(), as a new execution environment would', async () => {
    const data = await emulators.appconfigData({ configurations: FLAGS });
    const provider = new AppConfigProvider({ ...where, clientConfig: data.clientConfig, transport: 'sdk' });
    await provider.get('flags', { maxAge: 0 });

    clearCaches();
    await provider.get('flags', { maxAge: 0 });

    expect(data.countOf('StartConfigurationSession')).toBe(2);
  });

  it('retries once after InvalidSignatureException', async () => {
    const data = await emulators.appconfigData({ configurations: FLAGS });
    data.failNext(1, { type: 'InvalidSignatureException', status: 403 });

    const value = await getAppConfig('flags', {
      ...where,
      transform: 'json',
      transport: 'sdk',
      clientConfig: data.clientConfig,
    } as never);

    expect(value).toEqual({ beta: true });
  });

  it("falls back to the SDK once per environment under 'auto' when the agent is not there, with one warning", async () => {
    const data = await emulators.appconfigData({ configurations: FLAGS });
    process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT = String(await closedPort());
    const provider = new AppConfigProvider({ ...where, clientConfig: data.clientConfig });

    const { result, stdout, stderr } = await captureOutput(async () => [
      await provider.get('flags', { transform: 'json', maxAge: 0 }),
      await provider.get('flags', { transform: 'json', maxAge: 0 }),
    ]);

    expect(result).toEqual([{ beta: true }, { beta: true }]);
    const warnings = [...stdout, ...stderr].filter((line) => JSON.stringify(line).includes('AppConfig'));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('AWS-AppConfig-Extension');
    expect(data.countOf('StartConfigurationSession')).toBe(1);
  });
});

describe('AppConfig bad input', () => {
  it('refuses an environment with a "/" before any request, naming the field', async () => {
    const agent = await emulators.appconfigAgent({ configurations: FLAGS });

    const error = await getAppConfig('flags', { application: 'shop', environment: 'prod/../x' }).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(ParameterOptionsError);
    expect(error.option).toBe('environment');
    expect(agent.requestCount).toBe(0);
  });

  it('refuses a missing application when POWERTOOLS_SERVICE_NAME is not set', () => {
    expect(() => new AppConfigProvider({ environment: 'prod' })).toThrow(
      /application.*POWERTOOLS_SERVICE_NAME/,
    );
  });

  it('never puts the configuration in an error', async () => {
    await emulators.appconfigAgent({ configurations: { 'shop/prod/cfg': 'not-json-s3cr3t' } });

    const error = await getAppConfig('cfg', { ...where, transform: 'json' }).catch((e) => e);

    expect(error.name).toBe('TransformParameterError');
    expect(everythingIn(error)).not.toContain('s3cr3t');
  });
});

describe('AppConfig errors', () => {
  it('names the AppConfig layer, not the Parameters and Secrets one, when nothing listens on the agent port', async () => {
    process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT = String(await closedPort());

    const error = await getConfig('flags', where).catch((e) => e);

    expect(error.message).toMatch(
      /^Failed to get the AppConfig configuration "shop\/prod\/flags": nothing accepted connections on localhost:\d+ .*AWS-AppConfig-Extension layer/,
    );
    expect(error.message).not.toContain('Parameters-and-Secrets');
  });

  it('still refuses a bad identifier on a cached provider, before any request', async () => {
    const agent = await emulators.appconfigAgent({ configurations: FLAGS });
    const provider = new AppConfigProvider(where);
    await provider.get('flags');

    const error = await provider.get('bad/name').catch((e) => e);

    expect(error).toBeInstanceOf(ParameterOptionsError);
    expect(error.option).toBe('name');
    expect(agent.requestCount).toBe(1);
  });
});

describe('getConfig outside Lambda without the agent port', () => {
  it('returns POWERTOOLS_APPCONFIG_AGENT_RETURN_VALUE, as Powertools does', async () => {
    process.env.POWERTOOLS_APPCONFIG_AGENT_RETURN_VALUE = '{"local":1}';

    const value = await getConfig('flags', { ...where, transform: 'json' });

    expect(value).toEqual({ local: 1 });
  });
});

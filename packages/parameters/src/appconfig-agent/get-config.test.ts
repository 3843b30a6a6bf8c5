// getConfig's checks, and where its value comes from outside Lambda.
import { describe, expect, it } from 'vitest';
import { useEmulators } from '../../test/test-helpers.js';
import { ParameterNotFoundError, ParameterOptionsError } from '../index.js';
import { getConfig } from './index.js';

const emulators = useEmulators();
const where = { application: 'shop', environment: 'prod' };

describe('getConfig', () => {
  it('refuses a bad timeout or transform before any request', async () => {
    const agent = await emulators.appconfigAgent({ configurations: {} });
    const calls: Array<[object, string]> = [
      [{ timeout: 0 }, 'Invalid timeout for "flags": must be a number of milliseconds > 0, got 0'],
      [
        { timeout: Infinity },
        'Invalid timeout for "flags": must be a number of milliseconds > 0, got Infinity',
      ],
      [{ timeout: '5' }, 'Invalid timeout for "flags": must be a number of milliseconds > 0, got 5'],
      [{ transform: 'auto' }, `Invalid transform for "flags": must be 'json' or 'binary', got "auto"`],
    ];

    for (const [options, message] of calls) {
      const error = await getConfig('flags', { ...where, ...options } as never).catch((e) => e);
      expect(error).toBeInstanceOf(ParameterOptionsError);
      expect(error.message).toBe(message);
    }
    expect(agent.requestCount).toBe(0);
  });

  it('reads the agent with a timeout of its own, decoding a binary transform', async () => {
    await emulators.appconfigAgent({ configurations: { 'shop/prod/greeting': 'aGk=' } });

    const value = await getConfig('greeting', { ...where, timeout: 1000, transform: 'binary' });

    expect(value).toBe('hi');
  });

  it('resolves to undefined outside Lambda without the agent port and without a local value, or rejects under throwOnMissing', async () => {
    process.env.POWERTOOLS_APPCONFIG_AGENT_RETURN_VALUE = '';

    const missing = await getConfig('flags', where);
    const error = await getConfig('flags', { ...where, throwOnMissing: true } as never).catch((e) => e);

    expect(missing).toBeUndefined();
    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error.message).toBe('The configuration "flags" was not found');
    expect(error.parameter).toBe('flags');
  });

  it('takes the application from POWERTOOLS_SERVICE_NAME when none is given', async () => {
    process.env.POWERTOOLS_SERVICE_NAME = 'shop';
    await emulators.appconfigAgent({ configurations: { 'shop/prod/flags': '{"on":true}' } });

    const value = await getConfig('flags', { environment: 'prod', transform: 'json' } as never);

    expect(value).toEqual({ on: true });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { EnvVarError, getServiceName, readEnvBoolean, readEnvNumber, readEnvString } from './index.js';

const NAME = 'LAMBKIT_TEST_VAR';

describe('environment readers', () => {
  afterEach(() => {
    delete process.env[NAME];
    delete process.env.POWERTOOLS_SERVICE_NAME;
  });

  it('reads strings and falls back when unset or blank', () => {
    expect(readEnvString(NAME, 'fallback')).toBe('fallback');
    process.env[NAME] = '   ';
    expect(readEnvString(NAME, 'fallback')).toBe('fallback');
    process.env[NAME] = ' value ';
    expect(readEnvString(NAME)).toBe('value');
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['Off', false],
  ])('reads the boolean %s as %s', (value, expected) => {
    process.env[NAME] = value;
    expect(readEnvBoolean(NAME, !expected)).toBe(expected);
  });

  it('rejects a bad boolean naming the variable and the value', () => {
    process.env[NAME] = 'maybe';
    expect(() => readEnvBoolean(NAME, true)).toThrow(EnvVarError);
    expect(() => readEnvBoolean(NAME, true)).toThrow(
      /LAMBKIT_TEST_VAR has the value "maybe": expected a boolean/,
    );
  });

  it('reads numbers and enforces bounds', () => {
    expect(readEnvNumber(NAME, 5)).toBe(5);
    process.env[NAME] = '2.5';
    expect(readEnvNumber(NAME, 5)).toBe(2.5);
    expect(() => readEnvNumber(NAME, 5, { integer: true })).toThrow(/"2.5": expected an integer/);
    process.env[NAME] = '-1';
    expect(() => readEnvNumber(NAME, 5, { min: 0 })).toThrow(/"-1": expected a number >= 0/);
    process.env[NAME] = '11';
    expect(() => readEnvNumber(NAME, 5, { max: 10 })).toThrow(/"11": expected a number <= 10/);
  });

  it('rejects a value that is not a number', () => {
    process.env[NAME] = 'five';
    const error = (() => {
      try {
        readEnvNumber(NAME, 5);
      } catch (e) {
        return e as EnvVarError;
      }
    })();
    expect(error).toBeInstanceOf(EnvVarError);
    expect(error?.variable).toBe(NAME);
    expect(error?.value).toBe('five');
    expect(error?.message).toContain('expected a finite number');
  });

  it('takes the service name from the option, then POWERTOOLS_SERVICE_NAME, then the default', () => {
    expect(getServiceName()).toBe('service_undefined');
    process.env.POWERTOOLS_SERVICE_NAME = 'orders';
    expect(getServiceName()).toBe('orders');
    expect(getServiceName('payments')).toBe('payments');
  });
});

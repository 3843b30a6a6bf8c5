import { describe, expect, it } from 'vitest';
import { Logger, LoggerOptionError, type LoggerOptions } from './index.js';

describe('invalid options', () => {
  it.each<[string, unknown, string]>([
    ['options', 'orders', 'Logger option options has the value "orders": expected an object'],
    ['serviceName', 42, 'Logger option serviceName has the value 42: expected a string'],
    ['environment', ['prod'], 'Logger option environment has the value ["prod"]: expected a string'],
    ['persistentKeys', 'team', 'Logger option persistentKeys has the value "team": expected a plain object'],
    [
      'jsonReplacerFn',
      'replace',
      'Logger option jsonReplacerFn has the value "replace": expected a function',
    ],
    [
      'correlationIdSearchFn',
      {},
      'Logger option correlationIdSearchFn has the value {}: expected a function',
    ],
    [
      'sampleRateValue',
      '0.5',
      'Logger option sampleRateValue has the value "0.5": expected a number from 0 to 1',
    ],
    ['logBufferOptions', true, 'Logger option logBufferOptions has the value true: expected an object'],
    [
      'redact',
      ['password'],
      `Logger option redact has the value ["password"]: expected redact([...paths]) from '@lambkit/logger/redact'`,
    ],
  ])('%s fails at construction, naming the option, the value and the rule', (option, value, message) => {
    const options = (option === 'options' ? value : { [option]: value }) as LoggerOptions;

    expect(() => new Logger(options)).toThrow(LoggerOptionError);
    expect(() => new Logger(options)).toThrow(message);
  });

  it('carry the option, the value and the rule on the error', () => {
    let caught: unknown;
    try {
      new Logger({ logLevel: 'LOUD' as never });
    } catch (error) {
      caught = error;
    }

    expect(caught).toMatchObject({ name: 'LoggerOptionError', option: 'logLevel', value: 'LOUD' });
    expect((caught as LoggerOptionError).rule).toContain('TRACE, DEBUG, INFO');
  });
});

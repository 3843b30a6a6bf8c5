import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EnvVarError,
  getServiceName,
  readEnvBoolean,
  readEnvNumber,
  readEnvString,
  warnInvalidEnv,
  warnOnce,
} from './index.js';

// Warnings are once per process: each test reads its own variable so none sees another's warning.
let counter = 0;
function freshName(): string {
  counter += 1;
  return `LAMBKIT_TEST_VAR_${counter}`;
}

const set: string[] = [];
function setEnv(name: string, value: string): void {
  process.env[name] = value;
  set.push(name);
}

/** Runs `fn` with stderr captured; returns its result and each line written, parsed as JSON. */
function captureStderr<T>(fn: () => T): { result: T; lines: Record<string, unknown>[] } {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    const result = fn();
    const lines = writes
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { result, lines };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  for (const name of set.splice(0)) delete process.env[name];
  delete process.env.POWERTOOLS_SERVICE_NAME;
});

describe('readEnvString', () => {
  it('reads strings and falls back when unset or blank', () => {
    const name = freshName();
    expect(readEnvString(name, 'fallback')).toBe('fallback');
    setEnv(name, '   ');
    expect(readEnvString(name, 'fallback')).toBe('fallback');
    setEnv(name, ' value ');
    expect(readEnvString(name)).toBe('value');
  });
});

describe('readEnvBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['Off', false],
  ])('reads the boolean %s as %s', (value, expected) => {
    const name = freshName();
    setEnv(name, value);

    expect(readEnvBoolean(name, !expected)).toBe(expected);
  });

  it('gives the fallback for a value that is not a boolean, with one warning naming the variable, the value and the fallback', () => {
    const name = freshName();
    setEnv(name, 'maybe');

    const { result, lines } = captureStderr(() => readEnvBoolean(name, true));

    expect(result).toBe(true);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'WARN',
        package: '@lambkit/core',
        code: 'CORE_INVALID_ENV',
        message: `Environment variable ${name} has the value "maybe": expected a boolean (true, false, 1, 0, yes, no, on, off); using true instead. Set a valid value or unset the variable.`,
        variable: name,
        value: 'maybe',
        fallback: 'true',
      }),
    ]);
  });

  it('ignores a value that is not a boolean when there is no fallback, and says so', () => {
    const name = freshName();
    setEnv(name, 'sometimes');

    const { result, lines } = captureStderr(() => readEnvBoolean(name));

    expect(result).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]?.message).toContain('"sometimes": expected a boolean');
    expect(lines[0]?.message).toContain('ignoring it, as if it were unset');
    expect(lines[0]).not.toHaveProperty('fallback');
  });
});

describe('readEnvNumber', () => {
  it('reads a number, and gives the fallback when unset', () => {
    const name = freshName();
    expect(readEnvNumber(name, 5)).toBe(5);
    setEnv(name, '2.5');
    expect(readEnvNumber(name, 5)).toBe(2.5);
  });

  it.each([
    ['five', {}, 'expected a finite number'],
    ['2.5', { integer: true }, 'expected an integer'],
    ['-1', { min: 0 }, 'expected a number >= 0'],
    ['11', { max: 10 }, 'expected a number <= 10'],
  ])('gives the fallback for %s under %o, warning "%s"', (value, options, rule) => {
    const name = freshName();
    setEnv(name, value);

    const { result, lines } = captureStderr(() => readEnvNumber(name, 5, options));

    expect(result).toBe(5);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: `Environment variable ${name} has the value "${value}": ${rule}; using 5 instead. Set a valid value or unset the variable.`,
        variable: name,
        value,
        fallback: '5',
      }),
    ]);
  });
});

describe('warnings about invalid variables', () => {
  it('are written once per variable and value, however often the variable is read', () => {
    const name = freshName();
    setEnv(name, 'often');

    const { lines } = captureStderr(() => {
      for (let i = 0; i < 3; i++) readEnvBoolean(name, false);
    });

    expect(lines).toHaveLength(1);
  });

  it('are written again when the same variable takes another invalid value', () => {
    const name = freshName();

    const { lines } = captureStderr(() => {
      setEnv(name, 'first');
      readEnvNumber(name, 1);
      setEnv(name, 'second');
      readEnvNumber(name, 1);
    });

    expect(lines.map((line) => line.value)).toEqual(['first', 'second']);
  });

  it('shorten a long value to 80 characters', () => {
    const name = freshName();
    setEnv(name, 'x'.repeat(500));

    const { lines } = captureStderr(() => readEnvNumber(name, 1));

    expect(lines[0]?.value).toBe(`${'x'.repeat(77)}...`);
    expect(String(lines[0]?.message)).not.toContain('x'.repeat(78));
  });

  it('carry the service name, as a log line does', () => {
    const name = freshName();
    process.env.POWERTOOLS_SERVICE_NAME = 'orders';

    const { lines } = captureStderr(() => warnInvalidEnv(name, 'LOUD', 'expected a level', 'INFO'));

    expect(lines[0]).toMatchObject({ service: 'orders', fallback: 'INFO' });
    expect(typeof lines[0]?.timestamp).toBe('string');
  });
});

describe('warnOnce', () => {
  it('writes one JSON line for a key, and nothing the second time', () => {
    const key = freshName();

    const { result, lines } = captureStderr(() => [
      warnOnce(key, 'the table is unset', { table: 'orders' }),
      warnOnce(key, 'the table is unset', { table: 'orders' }),
    ]);

    expect(result).toEqual([true, false]);
    expect(lines).toEqual([
      {
        level: 'WARN',
        message: 'the table is unset',
        timestamp: expect.any(String),
        service: 'service_undefined',
        table: 'orders',
      },
    ]);
  });

  it('keeps its own level and message when fields carry the same keys', () => {
    const { lines } = captureStderr(() => warnOnce(freshName(), 'kept', { level: 'DEBUG', message: 'lost' }));

    expect(lines[0]).toMatchObject({ level: 'WARN', message: 'kept' });
  });

  it('never throws, even when stderr does or a field cannot be serialized', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => {
      throw new Error('EPIPE');
    });
    try {
      expect(() => warnOnce(freshName(), 'closed')).not.toThrow();
    } finally {
      spy.mockRestore();
    }
    expect(() => captureStderr(() => warnOnce(freshName(), 'big', { size: 1n }))).not.toThrow();
  });
});

describe('EnvVarError', () => {
  it('names the variable, the value and the rule, for variables a function requires', () => {
    const error = new EnvVarError('ORDERS_TABLE', '', 'required (template.yaml sets it)');

    expect(error).toMatchObject({
      name: 'EnvVarError',
      variable: 'ORDERS_TABLE',
      value: '',
      rule: expect.any(String),
    });
    expect(error.message).toBe(
      'Environment variable ORDERS_TABLE has the value "": required (template.yaml sets it)',
    );
  });
});

describe('getServiceName', () => {
  it('takes the service name from the option, then POWERTOOLS_SERVICE_NAME, then the default', () => {
    expect(getServiceName()).toBe('service_undefined');
    process.env.POWERTOOLS_SERVICE_NAME = 'orders';
    expect(getServiceName()).toBe('orders');
    expect(getServiceName('payments')).toBe('payments');
  });
});

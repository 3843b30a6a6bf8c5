import { captureOutput } from '@lambkit/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handlerWith, invoke, outsideInvocation } from '../test/test-helpers.js';
import { Logger } from './index.js';

// An invalid variable warns once per process for each value, so every test here uses its own value.

const VARIABLES = [
  'POWERTOOLS_LOG_LEVEL',
  'LOG_LEVEL',
  'AWS_LAMBDA_LOG_LEVEL',
  'POWERTOOLS_LOGGER_SAMPLE_RATE',
  'POWERTOOLS_LOGGER_LOG_EVENT',
  'POWERTOOLS_DEV',
  'AWS_LAMBDA_LOG_FORMAT',
  '_X_AMZN_TRACE_ID',
];

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const;

/** Creates a Logger as INIT would, then calls every level once; returns what was written. */
async function createAndLogEveryLevel() {
  return captureOutput(() => {
    const logger = new Logger();
    for (const method of LEVELS) logger[method](method);
    return logger;
  });
}

type Output = { stdout: any[]; stderr: any[] };

/** The Logger's lines, from both streams (WARN and above go to stderr, as in Powertools). */
function logged({ stdout, stderr }: Output): any[] {
  return [...stdout, ...stderr].filter((line) => line?.variable === undefined);
}

/** The invalid-variable warnings of @lambkit/core, which name the variable. */
function warnings({ stderr }: Output): any[] {
  return stderr.filter((line) => line?.variable !== undefined);
}

function levelsOf(lines: any[]): string[] {
  return lines.filter((line) => LEVELS.includes(line.message)).map((line) => line.level);
}

beforeEach(() => {
  for (const name of VARIABLES) vi.stubEnv(name, undefined);
  outsideInvocation();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('an invalid log level variable', () => {
  it('POWERTOOLS_LOG_LEVEL=verbose does not stop INIT: the logger logs at INFO, as Powertools does, and one warning says so', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'verbose');

    const output = await createAndLogEveryLevel();
    const [error, stdout, stderr] = [output.error, logged(output), warnings(output)];

    expect(error).toBeUndefined();
    expect(levelsOf(stdout)).toEqual(['INFO', 'WARN', 'ERROR', 'CRITICAL']);
    expect(stderr).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message:
          'Environment variable POWERTOOLS_LOG_LEVEL has the value "verbose": expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (any case); using INFO instead. Set a valid value or unset the variable.',
        variable: 'POWERTOOLS_LOG_LEVEL',
        value: 'verbose',
        fallback: 'INFO',
      }),
    ]);
  });

  it('POWERTOOLS_LOG_LEVEL=warning gives INFO even when LOG_LEVEL is valid, as Powertools reads LOG_LEVEL only when POWERTOOLS_LOG_LEVEL is unset', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'warning');
    vi.stubEnv('LOG_LEVEL', 'ERROR');

    const output = await createAndLogEveryLevel();
    const [error, stdout, stderr] = [output.error, logged(output), warnings(output)];

    expect(error).toBeUndefined();
    expect(levelsOf(stdout)).toEqual(['INFO', 'WARN', 'ERROR', 'CRITICAL']);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatchObject({ variable: 'POWERTOOLS_LOG_LEVEL', value: 'warning', fallback: 'INFO' });
  });

  it('LOG_LEVEL=warning does not stop INIT: the logger logs at INFO, and one warning names LOG_LEVEL', async () => {
    vi.stubEnv('LOG_LEVEL', 'warning');

    const output = await createAndLogEveryLevel();
    const [error, stdout, stderr] = [output.error, logged(output), warnings(output)];

    expect(error).toBeUndefined();
    expect(levelsOf(stdout)).toEqual(['INFO', 'WARN', 'ERROR', 'CRITICAL']);
    expect(stderr).toEqual([
      expect.objectContaining({ level: 'WARN', variable: 'LOG_LEVEL', value: 'warning', fallback: 'INFO' }),
    ]);
    expect(stderr[0].message).toContain('LOG_LEVEL has the value "warning"');
  });

  it('warns once per process, however many loggers read it', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'chatty');

    const { stderr } = await captureOutput(() => [new Logger(), new Logger(), new Logger()]);

    expect(stderr).toHaveLength(1);
  });

  it('in the logLevel option still throws: that is the developer’s mistake, seen at once', () => {
    expect(() => new Logger({ logLevel: 'verbose' as never })).toThrow(
      'Logger option logLevel has the value "verbose"',
    );
  });
});

describe('an invalid AWS_LAMBDA_LOG_LEVEL', () => {
  it('does not stop INIT: no minimum level applies, as in Powertools, and one warning says so', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'verbose');

    const { error, result: logger, stderr } = await captureOutput(() => new Logger({ logLevel: 'DEBUG' }));
    const { stdout } = await captureOutput(() => logger!.debug('debug'));

    expect(error).toBeUndefined();
    expect(stdout.map((line: any) => line.level)).toEqual(['DEBUG']);
    expect(stderr).toEqual([
      expect.objectContaining({
        level: 'WARN',
        variable: 'AWS_LAMBDA_LOG_LEVEL',
        value: 'verbose',
        fallback: "no minimum level from Lambda's advanced logging controls",
      }),
    ]);
    expect(stderr[0].message).toContain('expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL');
  });
});

describe('an invalid POWERTOOLS_LOGGER_SAMPLE_RATE', () => {
  it.each([
    ['often', 'expected a finite number'],
    ['2', 'expected a number <= 1'],
  ])(
    '%s does not stop INIT: the sample rate is 0, as in Powertools, and one warning says so',
    async (value, rule) => {
      vi.stubEnv('POWERTOOLS_LOGGER_SAMPLE_RATE', value);

      const output = await createAndLogEveryLevel();
      const [error, stdout, stderr] = [output.error, logged(output), warnings(output)];

      expect(error).toBeUndefined();
      expect(levelsOf(stdout)).toEqual(['INFO', 'WARN', 'ERROR', 'CRITICAL']);
      expect(stdout[0]).toMatchObject({ sampling_rate: 0 });
      expect(stderr).toEqual([
        expect.objectContaining({ variable: 'POWERTOOLS_LOGGER_SAMPLE_RATE', value, fallback: '0' }),
      ]);
      expect(stderr[0].message).toContain(rule);
    },
  );
});

describe('an invalid POWERTOOLS_LOGGER_LOG_EVENT', () => {
  it('does not stop INIT: the event is not logged, and one warning says so', async () => {
    vi.stubEnv('POWERTOOLS_LOGGER_LOG_EVENT', 'maybe');

    const { error, result: logger, stderr } = await captureOutput(() => new Logger());
    const { lines } = await invoke(
      handlerWith(logger!, () => 'done'),
      { orderId: 7 },
    );

    expect(error).toBeUndefined();
    expect(lines.filter((line: any) => line.message === 'Lambda invocation event')).toEqual([]);
    expect(stderr).toEqual([
      expect.objectContaining({ variable: 'POWERTOOLS_LOGGER_LOG_EVENT', value: 'maybe', fallback: 'false' }),
    ]);
  });
});

describe('an invalid POWERTOOLS_DEV', () => {
  it('does not stop INIT: lines stay one JSON line each, and one warning says so', async () => {
    vi.stubEnv('POWERTOOLS_DEV', 'sometimes');

    const { error, result: logger, stderr } = await captureOutput(() => new Logger());
    const { stdoutLines } = await captureOutput(() => logger!.info('compact', { a: 1 }));

    expect(error).toBeUndefined();
    expect(stdoutLines).toHaveLength(1);
    expect(stdoutLines[0].json).toMatchObject({ message: 'compact', a: 1 });
    expect(stderr).toEqual([
      expect.objectContaining({ variable: 'POWERTOOLS_DEV', value: 'sometimes', fallback: 'false' }),
    ]);
  });
});

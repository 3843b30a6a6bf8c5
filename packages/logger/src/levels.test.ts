import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, outsideInvocation } from '../test/test-helpers.js';
import { Logger, LoggerOptionError, LogLevelThreshold } from './index.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const;

/** The levels of the lines written when every method is called once. */
async function levelsWritten(logger: Logger): Promise<string[]> {
  const { lines } = await captureLogs(() => {
    for (const method of LEVELS) logger[method](method);
  });
  return lines.filter((line) => LEVELS.includes(line.message)).map((line) => line.level);
}

beforeEach(() => {
  for (const name of ['POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL', 'AWS_LAMBDA_LOG_LEVEL', '_X_AMZN_TRACE_ID']) {
    vi.stubEnv(name, undefined);
  }
  outsideInvocation();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the log level', () => {
  it('is INFO by default', async () => {
    expect(await levelsWritten(new Logger())).toEqual(['INFO', 'WARN', 'ERROR', 'CRITICAL']);
  });

  it('comes from the logLevel option, in any case', async () => {
    expect(await levelsWritten(new Logger({ logLevel: 'trace' }))).toEqual([
      'TRACE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'CRITICAL',
    ]);
  });

  it('comes from POWERTOOLS_LOG_LEVEL before LOG_LEVEL', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'error');
    vi.stubEnv('LOG_LEVEL', 'DEBUG');

    expect(await levelsWritten(new Logger())).toEqual(['ERROR', 'CRITICAL']);
  });

  it('comes from LOG_LEVEL when POWERTOOLS_LOG_LEVEL is unset', async () => {
    vi.stubEnv('LOG_LEVEL', 'WARN');

    expect(await levelsWritten(new Logger())).toEqual(['WARN', 'ERROR', 'CRITICAL']);
  });

  it('prefers the option to the environment', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');

    expect(await levelsWritten(new Logger({ logLevel: 'WARN' }))).toEqual(['WARN', 'ERROR', 'CRITICAL']);
  });

  it('SILENT writes nothing', async () => {
    expect(await levelsWritten(new Logger({ logLevel: 'SILENT' }))).toEqual([]);
  });

  it('changes with setLogLevel, and getLevelName and level report it', async () => {
    const logger = new Logger();

    logger.setLogLevel('DEBUG');

    expect(logger.getLevelName()).toBe('DEBUG');
    expect(logger.level).toBe(LogLevelThreshold.DEBUG);
    expect(await levelsWritten(logger)).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL']);
  });
});

describe('an invalid level', () => {
  it('in the option throws, naming the value and the valid ones', () => {
    expect(() => new Logger({ logLevel: 'VERBOSE' as never })).toThrow(LoggerOptionError);
    expect(() => new Logger({ logLevel: 'VERBOSE' as never })).toThrow(
      'Logger option logLevel has the value "VERBOSE": expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (any case)',
    );
  });

  it('in setLogLevel throws and leaves the level as it was', () => {
    const logger = new Logger({ logLevel: 'WARN' });

    expect(() => logger.setLogLevel('NOISY' as never)).toThrow('has the value "NOISY"');
    expect(logger.getLevelName()).toBe('WARN');
  });
});

describe('Lambda advanced logging controls (AWS_LAMBDA_LOG_LEVEL)', () => {
  it('are a floor: more verbose lines are not written, and one warning says so', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'WARN');

    const { lines } = await captureLogs(() => {
      const logger = new Logger({ logLevel: 'DEBUG' });
      logger.debug('debug');
      logger.info('info');
      logger.setLogLevel('DEBUG');
      logger.warn('warn');
    });

    expect(lines.map((line) => line.message)).toEqual([
      'Current log level (DEBUG) does not match AWS Lambda Advanced Logging Controls minimum log level (WARN). This can lead to data loss, consider adjusting them.',
      'warn',
    ]);
  });

  it('do not raise a less verbose level', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'DEBUG');

    expect(await levelsWritten(new Logger({ logLevel: 'ERROR' }))).toEqual(['ERROR', 'CRITICAL']);
  });

  it('read FATAL as CRITICAL', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'FATAL');

    const { result: logger } = await captureLogs(() => new Logger());

    expect(await levelsWritten(logger!)).toEqual(['CRITICAL']);
  });
});

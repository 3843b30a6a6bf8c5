import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, outsideInvocation } from '../test/test-helpers.js';
import { Logger } from './index.js';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Spies on every console method; returns the calls as [method, text]. */
function spyOnConsole(): [string, string][] {
  const calls: [string, string][] = [];
  for (const method of CONSOLE_METHODS) {
    vi.spyOn(console, method).mockImplementation((text: string) => {
      calls.push([method, text]);
    });
  }
  return calls;
}

function logEveryLevel(logger: Logger): void {
  logger.trace('t');
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  logger.critical('c');
}

beforeEach(() => {
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  vi.stubEnv('AWS_LAMBDA_LOG_FORMAT', undefined);
  outsideInvocation();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the output format', () => {
  it('writes TRACE, DEBUG and INFO to stdout and WARN, ERROR and CRITICAL to stderr, as Powertools does', async () => {
    const logger = new Logger({ logLevel: 'TRACE' });

    const { lines, streams } = await captureLogs(() => logEveryLevel(logger));

    expect(lines.map((line) => line.level)).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL']);
    expect(streams).toEqual(['stdout', 'stdout', 'stdout', 'stderr', 'stderr', 'stderr']);
  });

  it('goes to the streams directly, never through the console the Lambda runtime patches', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_FORMAT', 'JSON');
    const consoleCalls = spyOnConsole();
    const logger = new Logger({ logLevel: 'TRACE' });

    const { lines } = await captureLogs(() => logEveryLevel(logger));

    expect(consoleCalls).toEqual([]);
    expect(lines).toHaveLength(6);
  });

  it('goes through the global console with POWERTOOLS_DEV, one method per level as in Powertools', async () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    const consoleCalls = spyOnConsole();
    const logger = new Logger({ logLevel: 'TRACE' });

    const { lines } = await captureLogs(() => logEveryLevel(logger));

    expect(lines).toEqual([]);
    expect(consoleCalls.map(([method, text]) => [method, JSON.parse(text).level])).toEqual([
      ['log', 'TRACE'],
      ['debug', 'DEBUG'],
      ['info', 'INFO'],
      ['warn', 'WARN'],
      ['error', 'ERROR'],
      ['error', 'CRITICAL'],
    ]);
  });

  it('is indented by 4 spaces with POWERTOOLS_DEV', async () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    const consoleCalls = spyOnConsole();
    const logger = new Logger();

    logger.info('readable', { a: 1 });

    const [[, text]] = consoleCalls;
    expect(text.startsWith('{\n    "level": "INFO",\n    "message": "readable",')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ message: 'readable', a: 1 });
  });

  it('writes an error stack as an array of lines with POWERTOOLS_DEV, as Powertools prints it', async () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    const consoleCalls = spyOnConsole();
    const logger = new Logger();
    const error = new Error('declined', { cause: new TypeError('timeout') });

    logger.error('payment failed', error);

    const line = JSON.parse(consoleCalls[0][1]);
    expect(line.error.stack).toEqual((error.stack as string).split('\n'));
    expect(line.error.cause.stack).toEqual(((error.cause as Error).stack as string).split('\n'));
  });

  it('stays one JSON line per call, on the streams, under Lambda’s JSON log format, even with POWERTOOLS_DEV', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_FORMAT', 'JSON');
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    const logger = new Logger();

    const { lines, texts } = await captureLogs(() => {
      logger.info('two\nlines', { text: 'a\nb' });
      logger.error('failed', new Error('with a stack'));
    });

    expect(texts).toHaveLength(2);
    expect(lines.map((line) => line.level)).toEqual(['INFO', 'ERROR']);
    expect(lines[0]).toMatchObject({ message: 'two\nlines', text: 'a\nb' });
    expect(typeof lines[1].error.stack).toBe('string');
  });
});

import { captureOutput } from '@lambkit/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Logger } from './index.js';
import { outsideInvocation } from './test-helpers.js';

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
  it('is indented for reading with POWERTOOLS_DEV', async () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    const logger = new Logger();

    const { stdoutLines } = await captureOutput(() => logger.info('readable', { a: 1 }));
    const text = stdoutLines.map((line) => line.text).join('\n');

    expect(text.startsWith('{\n    "level": "INFO",')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ message: 'readable', a: 1 });
  });

  it('stays one JSON line per call under Lambda’s JSON log format, even with POWERTOOLS_DEV', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_FORMAT', 'JSON');
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    const logger = new Logger();

    const { stdoutLines } = await captureOutput(() => {
      logger.info('two\nlines', { text: 'a\nb' });
      logger.error('failed', new Error('with a stack'));
    });

    expect(stdoutLines).toHaveLength(2);
    expect(stdoutLines.map((line) => line.json?.level)).toEqual(['INFO', 'ERROR']);
    expect(stdoutLines[0].json).toMatchObject({ message: 'two\nlines', text: 'a\nb' });
  });

  it('goes to stdout directly, never through the console the Lambda runtime patches', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_FORMAT', 'JSON');
    const consoleCalls: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, method).mockImplementation(() => consoleCalls.push(method));
    }
    const logger = new Logger({ logLevel: 'TRACE' });

    const { stdout } = await captureOutput(() => {
      logger.trace('t');
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
      logger.error('e');
      logger.critical('c');
    });

    expect(consoleCalls).toEqual([]);
    expect(stdout.map((line) => line.level)).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL']);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, handlerWith, invoke, newInvocation } from '../test/test-helpers.js';
import { Logger, UncaughtErrorLogMessage } from './index.js';

const EVICTED =
  'Some logs are not displayed because they were evicted from the buffer. Increase buffer size to store more logs in the buffer';

beforeEach(() => {
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', undefined);
  newInvocation();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('log buffering', () => {
  it('holds DEBUG lines and drops them when the invocation ends without error', async () => {
    const logger = new Logger({ logBufferOptions: { enabled: true } });
    const handler = handlerWith(logger, () => {
      logger.debug('detail 1');
      logger.info('summary');
      logger.debug('detail 2');
    });

    const first = await invoke(handler);
    const second = await invoke(handler);

    expect(first.lines.map((line) => line.message)).toEqual(['summary']);
    expect(second.lines.map((line) => line.message)).toEqual(['summary']);
  });

  it('writes the held lines, in order and with their own timestamps, before an error line', async () => {
    const logger = new Logger({ logLevel: 'ERROR', logBufferOptions: {} });

    const { lines } = await captureLogs(async () => {
      logger.trace('step 0');
      logger.debug('step 1');
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.error('failed');
    });

    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['TRACE', 'step 0'],
      ['DEBUG', 'step 1'],
      ['ERROR', 'failed'],
    ]);
    expect(Date.parse(lines[1].timestamp)).toBeLessThan(Date.parse(lines[2].timestamp));
  });

  it('writes the held lines before a critical line too', async () => {
    const logger = new Logger({ logBufferOptions: {} });

    const { lines } = await captureLogs(() => {
      logger.debug('detail');
      logger.critical('down');
    });

    expect(lines.map((line) => line.message)).toEqual(['detail', 'down']);
  });

  it('with flushOnErrorLog false, keeps holding the lines when an error is logged', async () => {
    const logger = new Logger({ logBufferOptions: { flushOnErrorLog: false } });

    const { lines } = await captureLogs(() => {
      logger.debug('detail');
      logger.error('failed');
    });

    expect(lines.map((line) => line.message)).toEqual(['failed']);
  });

  it('writes the held lines on flushBuffer and drops them on clearBuffer', async () => {
    const logger = new Logger({ logBufferOptions: {} });

    const { lines } = await captureLogs(() => {
      logger.debug('kept');
      logger.flushBuffer();
      logger.debug('dropped');
      logger.clearBuffer();
      logger.flushBuffer();
    });

    expect(lines.map((line) => line.message)).toEqual(['kept']);
  });

  it('buffers INFO lines too with bufferAtVerbosity INFO', async () => {
    const logger = new Logger({ logBufferOptions: { bufferAtVerbosity: 'info' } });

    const { lines } = await captureLogs(() => {
      logger.info('held');
      logger.warn('written');
    });

    expect(lines.map((line) => line.message)).toEqual(['written']);
  });

  it('with flushBufferOnUncaughtError, writes the held lines and the error when the handler throws', async () => {
    const logger = new Logger({ logBufferOptions: {} });
    const handler = handlerWith(
      logger,
      () => {
        logger.debug('loaded order');
        throw new Error('card declined');
      },
      { flushBufferOnUncaughtError: true },
    );

    const { lines, error } = await invoke(handler);

    expect((error as Error).message).toBe('card declined');
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['DEBUG', 'loaded order'],
      ['ERROR', UncaughtErrorLogMessage],
    ]);
    expect(lines[1].error).toMatchObject({ name: 'Error', message: 'card declined' });
  });

  it('without flushBufferOnUncaughtError, drops the held lines when the handler throws', async () => {
    const logger = new Logger({ logBufferOptions: {} });
    const handler = handlerWith(logger, () => {
      logger.debug('loaded order');
      throw new Error('card declined');
    });

    const { lines, error } = await invoke(handler);

    expect((error as Error).message).toBe('card declined');
    expect(lines).toEqual([]);
  });

  it('evicts the oldest lines beyond maxBytes and counts them in a warning when written', async () => {
    const logger = new Logger({ logBufferOptions: { maxBytes: 1000 } });
    const padding = 'x'.repeat(150);

    const { lines, texts } = await captureLogs(() => {
      for (let i = 0; i < 10; i++) logger.debug(`line ${i}`, { padding });
      logger.error('failed');
    });

    const kept = lines.filter((line) => line.level === 'DEBUG').map((line) => line.message);
    const keptBytes = texts.slice(0, kept.length).reduce((sum, text) => sum + text.length + 1, 0);
    expect(keptBytes).toBeLessThanOrEqual(1000);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => `line ${10 - kept.length + i}`));
    expect(lines[kept.length]).toMatchObject({
      level: 'WARN',
      message: EVICTED,
      evicted_lines: 10 - kept.length,
    });
    expect(lines[kept.length + 1].message).toBe('failed');
  });

  it('writes a line larger than maxBytes at once, after a warning', async () => {
    const logger = new Logger({ logBufferOptions: { maxBytes: 200 } });

    const { lines } = await captureLogs(() => logger.debug('huge', { blob: 'x'.repeat(500) }));

    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['WARN', 'Unable to buffer log: the line is larger than the buffer, writing it directly'],
      ['DEBUG', 'huge'],
    ]);
    expect(lines[0].max_bytes).toBe(200);
  });

  it('does not hold lines that Lambda’s advanced logging controls would never let through', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'INFO');

    const { lines } = await captureLogs(() => {
      const logger = new Logger({ logBufferOptions: {} });
      logger.debug('never');
      logger.flushBuffer();
    });

    expect(lines.map((line) => line.message)).toEqual([
      'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Buffered logs will be filtered by ALC',
    ]);
  });

  it('is off with enabled false', async () => {
    const logger = new Logger({ logLevel: 'DEBUG', logBufferOptions: { enabled: false } });

    const { lines } = await captureLogs(() => logger.debug('written'));

    expect(lines.map((line) => line.message)).toEqual(['written']);
  });

  it('rejects invalid options, naming them', () => {
    expect(() => new Logger({ logBufferOptions: { maxBytes: -1 } })).toThrow(
      'Logger option logBufferOptions.maxBytes has the value -1: expected a positive whole number of bytes',
    );
    expect(() => new Logger({ logBufferOptions: { bufferAtVerbosity: 'ERROR' as never } })).toThrow(
      'Logger option logBufferOptions.bufferAtVerbosity has the value "ERROR": expected one of TRACE, DEBUG, INFO, WARN',
    );
  });
});

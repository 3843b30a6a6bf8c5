import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handlerWith, invoke } from '../test/test-helpers.js';
import { Logger } from './index.js';

const NOTICE = 'Setting log level to DEBUG due to sampling rate';

/** A handler that writes one DEBUG and one INFO line. */
function debugAndInfo(logger: Logger) {
  return handlerWith(logger, () => {
    logger.debug('detail');
    logger.info('summary');
  });
}

beforeEach(() => {
  vi.stubEnv('POWERTOOLS_LOGGER_SAMPLE_RATE', undefined);
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('debug sampling', () => {
  it('at rate 1, logs DEBUG in every invocation, after a notice', async () => {
    const logger = new Logger({ sampleRateValue: 1 });
    const handler = debugAndInfo(logger);

    for (let i = 0; i < 3; i++) {
      const { lines } = await invoke(handler);
      expect(lines.map((line) => [line.level, line.message])).toEqual([
        ['DEBUG', NOTICE],
        ['DEBUG', 'detail'],
        ['INFO', 'summary'],
      ]);
    }
  });

  it('at rate 0, never logs DEBUG', async () => {
    const logger = new Logger({ sampleRateValue: 0 });

    const { lines } = await invoke(debugAndInfo(logger));

    expect(lines.map((line) => line.message)).toEqual(['summary']);
  });

  it('decides again in every invocation', async () => {
    vi.spyOn(Math, 'random').mockReturnValueOnce(0.2).mockReturnValueOnce(0.8).mockReturnValueOnce(0.1);
    const logger = new Logger({ sampleRateValue: 0.5 });
    const handler = debugAndInfo(logger);

    const written: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const { lines } = await invoke(handler);
      written.push(lines.some((line) => line.message === 'detail'));
    }

    expect(written).toEqual([true, false, true]);
  });

  it('reports the level of the invocation in getLevelName', async () => {
    const logger = new Logger({ sampleRateValue: 1 });
    let level = '';

    await invoke(handlerWith(logger, () => (level = logger.getLevelName())));

    expect(level).toBe('DEBUG');
  });

  it('takes the rate from POWERTOOLS_LOGGER_SAMPLE_RATE', async () => {
    vi.stubEnv('POWERTOOLS_LOGGER_SAMPLE_RATE', '1');
    const logger = new Logger();

    const { lines } = await invoke(debugAndInfo(logger));

    expect(lines.map((line) => line.message)).toEqual([NOTICE, 'detail', 'summary']);
    expect(lines.every((line) => line.sampling_rate === 1)).toBe(true);
  });

  it('does not go below Lambda’s advanced logging controls', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'INFO');
    const logger = new Logger({ sampleRateValue: 1 });

    const { lines } = await invoke(debugAndInfo(logger));

    expect(lines.map((line) => line.message)).toEqual(['summary']);
  });

  it('rejects a rate outside 0 to 1, naming the value', () => {
    expect(() => new Logger({ sampleRateValue: 1.5 })).toThrow(
      'Logger option sampleRateValue has the value 1.5: expected a number from 0 to 1',
    );
  });

  it('draws again for the current invocation on refreshSampleRateCalculation', async () => {
    vi.spyOn(Math, 'random').mockReturnValueOnce(0.9).mockReturnValueOnce(0.1);
    const logger = new Logger({ sampleRateValue: 0.5 });
    const handler = handlerWith(logger, () => {
      logger.debug('before');
      logger.refreshSampleRateCalculation();
      logger.debug('after');
    });

    const { lines } = await invoke(handler);

    expect(lines.map((line) => line.message)).toEqual([NOTICE, 'after']);
  });
});

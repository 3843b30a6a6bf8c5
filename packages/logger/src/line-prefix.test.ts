import { resetColdStart } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, handlerWith, invoke, TRACE_HEADER } from '../test/test-helpers.js';
import { Logger } from './index.js';

// The line prefix is put together from pieces cached across invocations; these tests drive one
// Logger through several invocations, as one execution environment does, and read each line back.

beforeEach(() => {
  resetColdStart();
  vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_HEADER);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** One invocation with its own request id and trace header, as the runtime starts it. */
function invocation(requestId: string, traceRoot: string, functionName = 'orders') {
  vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${traceRoot};Parent=53995c3f42cd8ad8;Sampled=1`);
  return createContext({ functionName, awsRequestId: requestId });
}

describe('the line prefix', () => {
  it('writes a request id and a trace id that need escaping as valid JSON holding them unchanged', async () => {
    const logger = new Logger({ serviceName: 'orders' });
    const handler = handlerWith(logger, () => logger.info('order placed'));
    const requestId = 'id "quoted" \\ back\nline \u2028 \ud800 \u0001';
    const traceRoot = '1-"5759e988"\\-\t\u2029-end';

    const { texts, lines } = await invoke(handler, {}, invocation(requestId, traceRoot));

    expect(texts).toHaveLength(1);
    expect(() => JSON.parse(texts[0])).not.toThrow();
    expect(lines[0].function_request_id).toBe(requestId);
    expect(lines[0].xray_trace_id).toBe(traceRoot);
  });

  it('writes any request id, trace id and correlation id as valid JSON holding them unchanged', async () => {
    const logger = new Logger({ serviceName: 'orders' });
    const handler = handlerWith(logger, (event: { id: string }) => {
      logger.setCorrelationId(event.id);
      logger.info('order placed', { orderId: 'o-1' });
    });
    // Root ends at the first ';' of the header and is trimmed; an environment variable holds no NUL.
    const traceRoots = fc
      .string({ unit: 'binary' })
      .filter((text) => !/[;\0]/.test(text) && text.trim() === text);
    let call = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary' }),
        traceRoots,
        fc.string({ unit: 'binary' }),
        async (text, traceRoot, id) => {
          // Unique per run: a request id seen before would join that invocation.
          const requestId = `${call++}-${text}`;
          const { texts } = await invoke(handler, { id }, invocation(requestId, `t-${traceRoot}`));

          const line = JSON.parse(texts[0]);
          expect(line.function_request_id).toBe(requestId);
          expect(line.xray_trace_id).toBe(`t-${traceRoot}`);
          expect(line.correlation_id).toBe(id);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('writes each invocation’s own request id, trace id and cold start with one logger', async () => {
    const logger = new Logger({ serviceName: 'orders', persistentKeys: { team: 'checkout' } });
    const handler = handlerWith(logger, () => logger.info('order placed'));

    const first = await invoke(handler, {}, invocation('req-1', '1-aaaaaaaa-000000000000000000000001'));
    const second = await invoke(handler, {}, invocation('req-2', '1-aaaaaaaa-000000000000000000000002'));

    expect(
      [first.lines[0], second.lines[0]].map((line) => [
        line.function_request_id,
        line.xray_trace_id,
        line.cold_start,
        line.team,
      ]),
    ).toEqual([
      ['req-1', '1-aaaaaaaa-000000000000000000000001', true, 'checkout'],
      ['req-2', '1-aaaaaaaa-000000000000000000000002', false, 'checkout'],
    ]);
  });

  it('writes the function fields of each invocation’s context when they change', async () => {
    const logger = new Logger({ serviceName: 'orders' });

    const { lines } = await captureLogs(() => {
      logger.addContext(invocation('req-1', 'root-1', 'orders'));
      logger.info('first');
      logger.addContext({ ...invocation('req-2', 'root-2', 'payments'), memoryLimitInMB: '2048' });
      logger.info('second');
    });

    expect(
      lines.map((line) => [
        line.function_name,
        line.function_arn.split(':').at(-1),
        line.function_memory_size,
      ]),
    ).toEqual([
      ['orders', 'orders', '128'],
      ['payments', 'payments', '2048'],
    ]);
  });

  it('drops the previous invocation’s appended keys and correlation id but keeps the persistent keys', async () => {
    const logger = new Logger({ serviceName: 'orders' });
    logger.appendPersistentKeys({ team: 'checkout' });
    const handler = handlerWith(logger, (event: { appended: boolean }) => {
      if (event.appended) {
        logger.appendKeys({ customerId: 'c-1' });
        logger.setCorrelationId('corr-1');
      }
      logger.info('order placed');
    });

    await invoke(handler, { appended: true }, invocation('req-1', 'root-1'));
    const { texts } = await invoke(handler, { appended: false }, invocation('req-2', 'root-2'));

    expect(texts[0]).toMatch(/"xray_trace_id":"root-2","team":"checkout"}$/);
  });

  it('writes a persistent key named like a context key once, with the persistent value, where the context key is', async () => {
    const logger = new Logger({ serviceName: 'orders', persistentKeys: { function_name: 'renamed' } });
    const handler = handlerWith(logger, () => logger.info('order placed'));

    const { texts, lines } = await invoke(handler, {}, invocation('req-1', 'root-1'));

    expect(texts[0].match(/"function_name"/g)).toHaveLength(1);
    expect(Object.keys(lines[0]).indexOf('function_name')).toBe(
      Object.keys(lines[0]).indexOf('function_memory_size') + 1,
    );
    expect(lines[0].function_name).toBe('renamed');
  });
});

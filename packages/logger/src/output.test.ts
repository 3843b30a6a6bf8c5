import { resetColdStart } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  captureLogs,
  handlerWith,
  invoke,
  newInvocation,
  outsideInvocation,
  TRACE_HEADER,
  TRACE_ID,
} from '../test/test-helpers.js';
import { Logger } from './index.js';

beforeEach(() => {
  resetColdStart();
  vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_HEADER);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a log line', () => {
  it('holds Powertools keys in Powertools order, then the call’s keys', async () => {
    const logger = new Logger({ serviceName: 'orders' });
    const handler = handlerWith(logger, () => logger.info('order placed', { orderId: 'o-1' }));
    const context = createContext({ functionName: 'orders', memoryLimitInMB: '256' });

    const { lines } = await invoke(handler, {}, context);

    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0])).toEqual([
      'level',
      'message',
      'timestamp',
      'service',
      'cold_start',
      'function_arn',
      'function_memory_size',
      'function_name',
      'function_request_id',
      'sampling_rate',
      'xray_trace_id',
      'orderId',
    ]);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'order placed',
      service: 'orders',
      cold_start: true,
      function_arn: context.invokedFunctionArn,
      function_memory_size: '256',
      function_name: 'orders',
      function_request_id: context.awsRequestId,
      sampling_rate: 0,
      xray_trace_id: TRACE_ID,
      orderId: 'o-1',
    });
  });

  it('carries an ISO 8601 UTC timestamp with milliseconds', async () => {
    const logger = new Logger();
    const before = Date.now();

    const { lines } = await captureLogs(() => logger.info('tick'));

    expect(lines[0].timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const at = Date.parse(lines[0].timestamp);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('is written with exactly one process.stdout.write call, ending in one newline', () => {
    const logger = new Logger();
    const chunks: unknown[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: unknown) => chunks.push(chunk) > 0) as typeof process.stdout.write;
    try {
      logger.info('one', { a: 1 });
    } finally {
      process.stdout.write = original;
    }

    expect(chunks).toHaveLength(1);
    const text = chunks[0] as string;
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect(JSON.parse(text)).toMatchObject({ message: 'one', a: 1 });
  });

  it('has no context keys outside a handler', async () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', undefined);
    outsideInvocation();
    const logger = new Logger({ serviceName: 'orders' });

    const { lines } = await captureLogs(() => logger.warn('at init'));

    expect(Object.keys(lines[0])).toEqual(['level', 'message', 'timestamp', 'service', 'sampling_rate']);
  });

  it('takes the trace id of the current _X_AMZN_TRACE_ID outside a handler', async () => {
    const logger = new Logger();
    vi.stubEnv('_X_AMZN_TRACE_ID', undefined);
    outsideInvocation();
    process.env._X_AMZN_TRACE_ID = TRACE_HEADER;

    const { lines } = await captureLogs(() => {
      logger.info('first');
      process.env._X_AMZN_TRACE_ID = 'Root=1-00000000-000000000000000000000002;Sampled=0';
      logger.info('second');
    });

    expect(lines[0].xray_trace_id).toBe(TRACE_ID);
    expect(lines[1].xray_trace_id).toBe('1-00000000-000000000000000000000002');
  });

  it('takes the Context type of @types/aws-lambda in addContext', async () => {
    const logger = new Logger();
    const context: Context = {
      ...createContext({ functionName: 'typed' }),
      identity: undefined,
      clientContext: undefined,
    };

    logger.addContext(context);
    const { lines } = await captureLogs(() => logger.info('typed'));

    expect(lines[0].function_name).toBe('typed');
  });

  it('reports cold_start true in the first invocation only', async () => {
    const logger = new Logger();
    const handler = handlerWith(logger, () => logger.info('hi'));

    const first = await invoke(handler);
    const second = await invoke(handler);

    expect(first.lines[0].cold_start).toBe(true);
    expect(second.lines[0].cold_start).toBe(false);
  });

  it('writes tenant_id when the context has one', async () => {
    const logger = new Logger();
    const handler = handlerWith(logger, () => logger.info('hi'));

    const { lines } = await invoke(handler, {}, createContext({ tenantId: 'tenant-7' }));

    expect(lines[0].tenant_id).toBe('tenant-7');
  });

  it('uses POWERTOOLS_SERVICE_NAME, else service_undefined', async () => {
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'from-env');
    const fromEnv = new Logger();
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', undefined);
    const fallback = new Logger();

    const { lines } = await captureLogs(() => {
      fromEnv.info('a');
      fallback.info('b');
    });

    expect(lines.map((line) => line.service)).toEqual(['from-env', 'service_undefined']);
  });

  it('never writes environment, from the option or ENVIRONMENT, as Powertools’ default format', async () => {
    vi.stubEnv('ENVIRONMENT', 'staging');
    const fromEnv = new Logger({ serviceName: 's' });
    const fromOption = new Logger({ serviceName: 's', environment: 'prod' });

    const { lines } = await captureLogs(() => {
      fromEnv.info('a');
      fromOption.info('b');
    });

    expect(lines[0]).not.toHaveProperty('environment');
    expect(lines[1]).not.toHaveProperty('environment');
  });

  it('writes an environment key the caller gives, as any other key', async () => {
    const logger = new Logger({ serviceName: 's', environment: 'prod' });
    logger.appendPersistentKeys({ environment: 'from-keys' });

    const { lines } = await captureLogs(() => logger.info('a'));

    expect(lines[0].environment).toBe('from-keys');
    expect(Object.keys(lines[0]).at(-1)).toBe('environment');
  });
});

describe('what a call adds', () => {
  it('merges a plain object into the line', async () => {
    const logger = new Logger();

    const { lines } = await captureLogs(() =>
      logger.info('placed', { orderId: 'o-1', total: 42.5, customer: { id: 'c-1', tier: 'gold' } }),
    );

    expect(lines[0]).toMatchObject({ orderId: 'o-1', total: 42.5, customer: { id: 'c-1', tier: 'gold' } });
  });

  it('writes an Error under "error" with name, location, message, stack and cause', async () => {
    const logger = new Logger();
    const error = new TypeError('bad total', { cause: new RangeError('negative') });

    const { lines } = await captureLogs(() => logger.error('failed', error));

    expect(lines[0].error).toEqual({
      name: 'TypeError',
      location: expect.any(String),
      message: 'bad total',
      stack: error.stack,
      cause: {
        name: 'RangeError',
        location: expect.any(String),
        message: 'negative',
        stack: (error.cause as Error).stack,
      },
    });
  });

  it('writes function_memory_size as the context holds it, as Powertools copies it', async () => {
    const logger = new Logger();
    logger.addContext(createContext({ memoryLimitInMB: '1024' }));

    const { lines } = await captureLogs(() => logger.info('sized'));

    expect(lines[0].function_memory_size).toBe('1024');
  });

  it('locates an Error at its first stack frame written with parentheses, as Powertools does', async () => {
    const logger = new Logger();
    const error = new Error('declined');
    error.stack = [
      'Error: declined',
      '    at file:///var/task/index.mjs:3:9',
      '    at charge (file:///var/task/payments.mjs:12:5)',
      '    at async Promise.all (index 0)',
    ].join('\n');

    const { lines } = await captureLogs(() => logger.error('failed', error));

    expect(lines[0].error.location).toBe('file:///var/task/payments.mjs:12');
  });

  it('writes an empty location for an Error whose stack has no frame written with parentheses', async () => {
    const logger = new Logger();
    const error = new Error('declined');
    error.stack = 'Error: declined\n    at file:///var/task/index.mjs:3:9';

    const { lines } = await captureLogs(() => logger.error('failed', error));

    expect(lines[0].error.location).toBe('');
  });

  it('writes a non-object extra under "extra"', async () => {
    const logger = new Logger();

    const { lines } = await captureLogs(() => {
      logger.info('a', 'text');
      logger.info('b', 7);
      logger.info('c', [1, 2]);
      logger.info('d', false);
    });

    expect(lines.map((line) => line.extra)).toEqual(['text', 7, [1, 2], false]);
  });

  it('collects several non-object extras into an array under "extra"', async () => {
    const logger = new Logger();

    const { lines } = await captureLogs(() => logger.info('many', 'one', 2, { k: 'v' }));

    expect(lines[0]).toMatchObject({ extra: ['one', 2], k: 'v' });
  });

  it('merges several objects and an Error from one call', async () => {
    const logger = new Logger();

    const { lines } = await captureLogs(() => logger.error('many', { a: 1 }, new Error('x'), { b: 2 }));

    expect(lines[0]).toMatchObject({ a: 1, b: 2, error: { name: 'Error', message: 'x' } });
  });

  it('skips null and undefined extras', async () => {
    const logger = new Logger();

    const { lines } = await captureLogs(() => logger.info('nothing', null, undefined));

    expect(Object.keys(lines[0])).not.toContain('extra');
  });

  it('accepts the message inside an object with more keys', async () => {
    const logger = new Logger();

    const { lines } = await captureLogs(() =>
      logger.info({ message: 'placed', orderId: 'o-1' }, { total: 3 }),
    );

    expect(lines[0]).toMatchObject({ message: 'placed', orderId: 'o-1', total: 3 });
  });

  it('takes the message of an Error logged on its own and writes the Error under "error"', async () => {
    const logger = new Logger();

    const { lines } = await captureLogs(() => logger.error(new Error('disk full') as never));

    expect(lines[0]).toMatchObject({ message: 'disk full', error: { name: 'Error', message: 'disk full' } });
  });

  it('lets a key of the call replace the same key appended earlier, written once', async () => {
    const logger = new Logger();
    newInvocation();
    logger.appendKeys({ step: 'validate' });

    const { lines, texts } = await captureLogs(() => logger.info('next', { step: 'charge' }));

    expect(lines[0].step).toBe('charge');
    expect(texts[0].match(/"step"/g)).toHaveLength(1);
  });

  it('drops a reserved key of the call, keeps the original and warns once per key', async () => {
    const logger = new Logger({ serviceName: 'orders' });

    const { lines } = await captureLogs(() => {
      logger.info('first', { service: 'other', level: 'DEBUG', ok: 1 });
      logger.info('second', { service: 'other' });
    });

    const warnings = lines.filter((line) => line.level === 'WARN').map((line) => line.message);
    expect(warnings).toEqual([
      'The key "service" is a reserved key and will be dropped.',
      'The key "level" is a reserved key and will be dropped.',
    ]);
    const infos = lines.filter((line) => line.level === 'INFO');
    expect(infos.map((line) => [line.message, line.service, line.ok])).toEqual([
      ['first', 'orders', 1],
      ['second', 'orders', undefined],
    ]);
  });
});

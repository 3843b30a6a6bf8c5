import { redact } from '@lambkit/logger/redact';
import { createContext } from '@lambkit/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  captureLogs,
  handlerWith,
  invoke,
  newInvocation,
  TRACE_HEADER,
  TRACE_ID,
} from '../../test/test-helpers.js';
import {
  type LogAttributes,
  LogFormatter,
  Logger,
  LoggerOptionError,
  LogItem,
  type UnformattedAttributes,
} from '../index.js';

/** The formatter of Powertools' LogFormatter documentation, as a switcher has it. */
class MyCompanyLogFormatter extends LogFormatter {
  public formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const baseAttributes = {
      message: attributes.message,
      service: attributes.serviceName,
      environment: attributes.environment,
      awsRegion: attributes.awsRegion,
      correlationIds: {
        awsRequestId: attributes.lambdaContext?.awsRequestId,
        xRayTraceId: attributes.xRayTraceId,
      },
      lambdaFunction: {
        name: attributes.lambdaContext?.functionName,
        arn: attributes.lambdaContext?.invokedFunctionArn,
        memoryLimitInMB: attributes.lambdaContext?.memoryLimitInMB,
        version: attributes.lambdaContext?.functionVersion,
        coldStart: attributes.lambdaContext?.coldStart,
      },
      logLevel: attributes.logLevel,
      timestamp: this.formatTimestamp(attributes.timestamp),
      logger: { sampleRateValue: attributes.sampleRateValue },
    };
    const logItem = new LogItem({ attributes: baseAttributes });
    logItem.addAttributes(additionalLogAttributes);
    return logItem;
  }
}

beforeEach(() => {
  vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_HEADER);
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  vi.stubEnv('TZ', undefined);
  newInvocation();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('a custom logFormatter', () => {
  it('writes the line its formatAttributes builds, with the context, the trace id and the keys added', async () => {
    const logger = new Logger({
      serviceName: 'orders',
      environment: 'prod',
      logFormatter: new MyCompanyLogFormatter(),
      persistentKeys: { team: 'checkout' },
    });
    const context = createContext({ functionName: 'orders', memoryLimitInMB: '512' });
    const handler = handlerWith(logger, () => {
      logger.appendKeys({ customerId: 'c-1' });
      logger.info('order placed', { orderId: 'o-1' });
    });

    const { lines } = await invoke(handler, {}, context);

    expect(lines).toEqual([
      {
        message: 'order placed',
        service: 'orders',
        environment: 'prod',
        awsRegion: 'eu-west-1',
        correlationIds: { awsRequestId: context.awsRequestId, xRayTraceId: TRACE_ID },
        lambdaFunction: {
          name: 'orders',
          arn: context.invokedFunctionArn,
          memoryLimitInMB: '512',
          version: context.functionVersion,
          coldStart: expect.any(Boolean),
        },
        logLevel: 'INFO',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        logger: { sampleRateValue: 0 },
        team: 'checkout',
        customerId: 'c-1',
        orderId: 'o-1',
      },
    ]);
  });

  it('writes an Error through the formatter’s formatError, which a subclass can override', async () => {
    class ShortErrors extends MyCompanyLogFormatter {
      override formatError(error: Error): LogAttributes {
        return { kind: error.name, text: error.message };
      }
    }
    const logger = new Logger({ logFormatter: new ShortErrors() });

    const { lines } = await captureLogs(() => logger.error('failed', new TypeError('declined')));

    expect(lines[0].error).toEqual({ kind: 'TypeError', text: 'declined' });
  });

  it('writes an Error with Powertools’ keys through the base formatError, its cause formatted too', async () => {
    const logger = new Logger({ logFormatter: new MyCompanyLogFormatter() });
    const error = Object.assign(new Error('declined', { cause: new RangeError('timeout') }), { code: 'E42' });

    const { lines } = await captureLogs(() => logger.error('failed', error));

    expect(lines[0].error).toEqual({
      name: 'Error',
      location: expect.any(String),
      message: 'declined',
      stack: error.stack,
      cause: {
        name: 'RangeError',
        location: expect.any(String),
        message: 'timeout',
        stack: (error.cause as Error).stack,
      },
      code: 'E42',
    });
  });

  it('drops the keys whose value is undefined, null or empty, as Powertools’ LogItem does', async () => {
    const logger = new Logger({ logFormatter: new MyCompanyLogFormatter() });

    const { lines } = await captureLogs(() => logger.info('outside a handler', { empty: '', none: null }));

    expect(lines[0]).not.toHaveProperty('environment');
    expect(lines[0]).not.toHaveProperty('empty');
    expect(lines[0]).not.toHaveProperty('none');
    expect(lines[0].lambdaFunction).toEqual({});
  });

  it('applies jsonReplacerFn and redact to the formatted line', async () => {
    const logger = new Logger({
      logFormatter: new MyCompanyLogFormatter(),
      jsonReplacerFn: (_key, value) => (value instanceof Set ? [...value] : value),
      redact: redact(['password']),
    });

    const { lines } = await captureLogs(() => logger.info('login', { tags: new Set(['a']), password: 'p' }));

    expect(lines[0]).toMatchObject({ tags: ['a'], password: '[REDACTED]' });
  });

  it('writes the default line instead when the formatter throws, and warns once naming the fix', async () => {
    class Broken extends LogFormatter {
      formatAttributes(): LogItem {
        throw new Error('formatter bug');
      }
    }
    const logger = new Logger({ logFormatter: new Broken() });

    const { lines, error } = await captureLogs(() => {
      logger.info('first');
      logger.info('second');
    });

    expect(error).toBeUndefined();
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      [
        'WARN',
        expect.stringMatching(/^logFormatter threw \(Error: formatter bug\).*Fix its formatAttributes/),
      ],
      ['INFO', 'first'],
      ['INFO', 'second'],
    ]);
  });

  it('is kept by a child logger', async () => {
    const logger = new Logger({ logFormatter: new MyCompanyLogFormatter() });

    const { lines } = await captureLogs(() => logger.createChild({ serviceName: 'payments' }).info('child'));

    expect(lines[0]).toMatchObject({ service: 'payments', logLevel: 'INFO', message: 'child' });
  });

  it('is rejected, naming the option, when it is not a LogFormatter', () => {
    expect(() => new Logger({ logFormatter: {} as never })).toThrow(LoggerOptionError);
    expect(() => new Logger({ logFormatter: {} as never })).toThrow(
      'Logger option logFormatter has the value {}: expected an instance of a LogFormatter subclass',
    );
    // An object of the same shape that does not extend LogFormatter lacks what the Logger writes through.
    const lookalike = { formatAttributes: () => new LogItem({ attributes: {} }), formatError: () => ({}) };
    expect(() => new Logger({ logFormatter: lookalike as never })).toThrow(
      'expected an instance of a LogFormatter subclass',
    );
  });
});

describe('the LogFormatter base class', () => {
  class Plain extends LogFormatter {
    formatAttributes(attributes: UnformattedAttributes): LogItem {
      return new LogItem({ attributes: { message: attributes.message } });
    }
  }

  it('locates an error at the first stack frame written with parentheses', () => {
    const stack = 'Error: x\n    at file:///var/task/a.mjs:1:2\n    at run (/var/task/b.js:3:4)';

    expect(new Plain().getCodeLocation(stack)).toBe('/var/task/b.js:3');
    expect(new Plain().getCodeLocation(undefined)).toBe('');
  });

  it('formats a timestamp in UTC by default', () => {
    expect(new Plain().formatTimestamp(new Date(Date.UTC(2024, 4, 2, 10, 1, 2, 345)))).toBe(
      '2024-05-02T10:01:02.345Z',
    );
  });

  it('formats a timestamp with the offset of the zone TZ names', () => {
    vi.stubEnv('TZ', 'Asia/Kolkata');

    const text = new Plain().formatTimestamp(new Date(Date.UTC(2024, 4, 2, 10, 1, 2, 345)));

    expect(text).toMatch(/^2024-05-02T\d\d:\d\d:02\.345[+-]\d\d:\d\d$/);
  });

  it('falls back to UTC with Powertools’ warning when TZ names no zone', () => {
    vi.stubEnv('TZ', 'Nowhere/Atlantis');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    const text = new Plain().formatTimestamp(new Date(Date.UTC(2024, 4, 2, 10, 1, 2, 345)));
    new Plain().formatTimestamp(new Date());

    expect(text).toMatch(/^2024-05-02T10:01:02\.345[+-]00:00$/);
    expect(warn.mock.calls).toEqual([
      ['Invalid or unresolvable time zone: "Nowhere/Atlantis" - falling back to UTC.'],
    ]);
  });
});

describe('LogItem', () => {
  it('deep-merges added attributes into its own, as Powertools’ LogItem does', () => {
    const item = new LogItem({ attributes: { a: { x: 1 }, b: 1 } });

    item.addAttributes({ a: { y: 2 }, c: 3 });

    expect(item.getAttributes()).toEqual({ a: { x: 1, y: 2 }, b: 1, c: 3 });
  });

  it('drops undefined, null and empty-string keys when prepared for print, and no others', () => {
    const item = new LogItem({ attributes: { a: undefined, b: null, c: '', d: 0, e: false } });

    item.prepareForPrint();

    expect(item.getAttributes()).toEqual({ d: 0, e: false });
  });

  it('replaces its attributes with setAttributes', () => {
    const item = new LogItem({ attributes: { a: 1 } });

    item.setAttributes({ b: 2 });

    expect(item.getAttributes()).toEqual({ b: 2 });
  });
});

describe('logRecordOrder', () => {
  it('writes the keys it names first, in its order, then the others in their usual order', async () => {
    const logger = new Logger({ serviceName: 'orders', logRecordOrder: ['message', 'orderId', 'level'] });

    const { lines } = await captureLogs(() => logger.info('placed', { orderId: 'o-1', total: 1 }));

    expect(Object.keys(lines[0])).toEqual([
      'message',
      'orderId',
      'level',
      'timestamp',
      'service',
      'sampling_rate',
      'xray_trace_id',
      'total',
    ]);
  });

  it('takes a Set as well as an array, and ignores keys the line does not have', async () => {
    const logger = new Logger({ logRecordOrder: new Set(['timestamp', 'missing', 'message']) });

    const { lines } = await captureLogs(() => logger.info('placed'));

    expect(Object.keys(lines[0]).slice(0, 3)).toEqual(['timestamp', 'message', 'level']);
  });

  it('is rejected, naming the rule, when combined with logFormatter', () => {
    expect(
      () => new Logger({ logFormatter: new MyCompanyLogFormatter(), logRecordOrder: ['message'] } as never),
    ).toThrow('Logger option logRecordOrder has the value ["message"]: cannot be combined with logFormatter');
  });

  it('is rejected, naming the rule, when it holds something other than key names', () => {
    expect(() => new Logger({ logRecordOrder: [1] as never })).toThrow(
      'Logger option logRecordOrder has the value [1]: expected an array or a Set of key names',
    );
  });
});

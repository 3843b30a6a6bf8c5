import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogs, handlerWith, invoke, newInvocation } from '../test/test-helpers.js';
import albEvent from './__fixtures__/alb.json' with { type: 'json' };
import httpEvent from './__fixtures__/apigw-http.json' with { type: 'json' };
import restEvent from './__fixtures__/apigw-rest.json' with { type: 'json' };
import eventBridgeEvent from './__fixtures__/eventbridge.json' with { type: 'json' };
import functionUrlEvent from './__fixtures__/function-url.json' with { type: 'json' };
import { correlationPaths, injectLambdaContext, Logger, LoggerOptionError, search } from './index.js';

beforeEach(() => {
  newInvocation();
});

describe('correlation ids', () => {
  it.each([
    [
      'API Gateway REST',
      correlationPaths.API_GATEWAY_REST,
      restEvent,
      'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    ],
    ['API Gateway HTTP', correlationPaths.API_GATEWAY_HTTP, httpEvent, 'id'],
    ['ALB', correlationPaths.APPLICATION_LOAD_BALANCER, albEvent, 'Root=1-5c536348-3d683b8b04734faae651f476'],
    ['EventBridge', correlationPaths.EVENT_BRIDGE, eventBridgeEvent, 'fe8d3c65-xmpl-c5c3-2c87-81584709a377'],
    [
      'function URL',
      correlationPaths.LAMBDA_FUNCTION_URL,
      functionUrlEvent,
      '8b3b4a1e-0c3f-4b7e-9f5a-2d1c6e7f8a9b',
    ],
  ])('are read from a %s event', async (_name, path, event, expected) => {
    const logger = new Logger();
    const handler = handlerWith(logger, () => logger.info('handled'), { correlationIdPath: path });

    const { lines } = await invoke(handler, event);

    expect(lines[0].correlation_id).toBe(expected);
  });

  it('sit right after the trace id, before persistent and appended keys', async () => {
    const logger = new Logger({ persistentKeys: { team: 'checkout' } });
    const handler = handlerWith(logger, () => logger.info('handled'), {
      correlationIdPath: correlationPaths.EVENT_BRIDGE,
    });

    const { lines } = await invoke(handler, eventBridgeEvent);

    expect(Object.keys(lines[0]).slice(-2)).toEqual(['correlation_id', 'team']);
  });

  it('are set after the event line is written, as Powertools sets them', async () => {
    const logger = new Logger();
    const handler = handlerWith(logger, () => logger.info('handled'), {
      logEvent: true,
      correlationIdPath: correlationPaths.EVENT_BRIDGE,
    });

    const { lines } = await invoke(handler, eventBridgeEvent);

    expect(lines.map((line) => [line.message, line.correlation_id])).toEqual([
      ['Lambda invocation event', undefined],
      ['handled', eventBridgeEvent.id],
    ]);
  });

  it('are left unset when the path finds nothing', async () => {
    const logger = new Logger();
    const handler = handlerWith(logger, () => logger.info('handled'), {
      correlationIdPath: correlationPaths.API_GATEWAY_REST,
    });

    const { lines } = await invoke(handler, eventBridgeEvent);

    expect(lines[0]).not.toHaveProperty('correlation_id');
  });

  it('can be set and read by hand', async () => {
    const logger = new Logger();

    logger.setCorrelationId('order-42');
    const { lines } = await captureLogs(() => logger.info('handled'));

    expect(logger.getCorrelationId()).toBe('order-42');
    expect(lines[0].correlation_id).toBe('order-42');
  });

  it('are cleared when set by hand to undefined, as Powertools appends an undefined key', async () => {
    const logger = new Logger();
    logger.setCorrelationId('order-42');
    await captureLogs(() => logger.info('with the id'));

    logger.setCorrelationId(undefined);
    const { lines } = await captureLogs(() => logger.info('without it'));

    expect(logger.getCorrelationId()).toBeUndefined();
    expect(lines[0]).not.toHaveProperty('correlation_id');
  });

  it('are searched with correlationIdSearchFn when given', async () => {
    const calls: unknown[] = [];
    const logger = new Logger({
      correlationIdSearchFn: (expression, data) => {
        calls.push(expression);
        return (data as { detail: { SourceIdentifier: string } }).detail.SourceIdentifier;
      },
    });

    logger.setCorrelationId(eventBridgeEvent, 'detail.SourceIdentifier');

    expect(calls).toEqual(['detail.SourceIdentifier']);
    expect(logger.getCorrelationId()).toBe('rdz6xmpliljlb1');
  });

  it('reject a malformed path when the middleware is created', () => {
    const logger = new Logger();

    expect(() => injectLambdaContext(logger, { correlationIdPath: 'requestContext.' })).toThrow(
      LoggerOptionError,
    );
    expect(() => injectLambdaContext(logger, { correlationIdPath: 'records[*].id' })).toThrow(
      'wildcards are not allowed in this path',
    );
  });
});

describe('search', () => {
  it('follows dots, quoted keys and array indexes', () => {
    const data = { a: { 'b.c': [{ d: 1 }, { d: 2 }] } };

    expect(search('a."b.c"[1].d', data)).toBe(2);
    expect(search("a['b.c'][0].d", data)).toBe(1);
    expect(search('a.missing.d', data)).toBeUndefined();
  });

  it('finds any value placed at a path built from arbitrary keys', () => {
    const key = fc.string({ minLength: 1 }).filter((k) => !k.includes('"'));
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 5 }), fc.anything(), (keys, value) => {
        let data: unknown = value;
        for (const k of [...keys].reverse()) data = { [k]: data };
        const path = keys.map((k) => `"${k}"`).join('.');
        expect(search(path, data)).toBe(value);
      }),
    );
  });
});

describe('search', () => {
  it('reads paths built on the fly, however many, each the same as the first time', () => {
    const data = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, { id: i }]));

    const found = Array.from({ length: 300 }, (_, i) => search(`k${i}.id`, data));

    expect(found).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(search('k0.id', data)).toBe(0);
  });
});

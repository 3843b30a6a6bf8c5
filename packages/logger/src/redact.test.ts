import { redact } from '@lambkit/logger/redact';
import { createApiGatewayProxyEvent, createApiGatewayProxyEventV2 } from '@lambkit/testing';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogs, handlerWith, invoke, newInvocation } from '../test/test-helpers.js';
import restEvent from './__fixtures__/apigw-rest.json' with { type: 'json' };
import { injectLambdaContext, Logger, LoggerOptionError, REDACTED } from './index.js';

beforeEach(() => {
  newInvocation();
});

describe('redact', () => {
  it('replaces a top-level key of the call', async () => {
    const logger = new Logger({ redact: redact(['password']) });

    const { lines } = await captureLogs(() => logger.info('login', { user: 'ada', password: 'hunter2' }));

    expect(lines[0]).toMatchObject({ user: 'ada', password: REDACTED });
  });

  it('replaces a nested path and a wildcard path, leaving siblings alone', async () => {
    const logger = new Logger({ redact: redact(['headers.authorization', '*.secret', 'cards[*].number']) });

    const { lines } = await captureLogs(() =>
      logger.info('request', {
        headers: { authorization: 'Bearer x', accept: 'json' },
        vault: { secret: 's', name: 'v' },
        cards: [{ number: '4111', brand: 'visa' }, { number: '5500' }],
      }),
    );

    expect(lines[0]).toMatchObject({
      headers: { authorization: REDACTED, accept: 'json' },
      vault: { secret: REDACTED, name: 'v' },
      cards: [{ number: REDACTED, brand: 'visa' }, { number: REDACTED }],
    });
  });

  it('leaves the caller’s objects unchanged', async () => {
    const logger = new Logger({ redact: redact(['headers.authorization']) });
    const headers = { authorization: 'Bearer x' };

    await captureLogs(() => logger.info('request', { headers }));

    expect(headers.authorization).toBe('Bearer x');
  });

  it('applies to persistent and appended keys', async () => {
    const logger = new Logger({
      redact: redact(['apiKey', 'user.token']),
      persistentKeys: { apiKey: 'k-1' },
    });
    logger.appendKeys({ user: { id: 'u-1', token: 't-1' } });

    const { lines } = await captureLogs(() => logger.info('hi'));

    expect(lines[0]).toMatchObject({ apiKey: REDACTED, user: { id: 'u-1', token: REDACTED } });
  });

  it('applies to the logged event', async () => {
    const logger = new Logger({
      redact: redact(['event.headers.authorization', 'event.multiValueHeaders.*']),
    });
    const handler = handlerWith(logger, () => 'ok', { logEvent: true });

    const { lines } = await invoke(handler, restEvent);

    expect(lines[0].event.headers).toEqual({ ...restEvent.headers, authorization: REDACTED });
    expect(lines[0].event.multiValueHeaders).toEqual({ header1: REDACTED, header2: REDACTED });
    expect(lines[0].event.requestContext.requestId).toBe(restEvent.requestContext.requestId);
  });

  it('applies inside Errors and Maps', async () => {
    const logger = new Logger({ redact: redact(['error.password', 'settings.token']) });
    const error = Object.assign(new Error('login failed'), { password: 'hunter2' });

    const { lines } = await captureLogs(() =>
      logger.error('failed', error, { settings: new Map([['token', 't']]) }),
    );

    expect(lines[0]).toMatchObject({ error: { password: REDACTED }, settings: { token: REDACTED } });
  });

  it('applies when a key of the call replaces an appended key', async () => {
    const logger = new Logger({ redact: redact(['card.number']) });
    logger.appendKeys({ card: { number: '4111' } });

    const { lines } = await captureLogs(() =>
      logger.info('charged', { card: { number: '5500', last4: '0004' } }),
    );

    expect(lines[0].card).toEqual({ number: REDACTED, last4: '0004' });
  });

  it('rejects a malformed path, naming it', () => {
    expect(() => new Logger({ redact: redact(['headers..authorization']) })).toThrow(LoggerOptionError);
    expect(() => new Logger({ redact: redact(['headers..authorization']) })).toThrow(
      'Logger option redact has the value "headers..authorization": empty segment at character 9',
    );
    expect(() => new Logger({ redact: redact(['items[x]']) })).toThrow(
      'expected an index, "*" or a quoted key',
    );
    expect(() => redact('password' as never)).toThrow('expected an array of dot paths');
  });

  it('rejects a "**" with no key after it, naming the path', () => {
    expect(() => new Logger({ redact: redact(['event.**']) })).toThrow(
      'Logger option redact has the value "event.**": "**" must be followed by a key (as in "**.password") at character 9',
    );
    expect(() => new Logger({ redact: redact(['**']) })).toThrow(LoggerOptionError);
  });

  it('rejects "**" twice in a row and a path that is not a string, naming the value', () => {
    expect(() => new Logger({ redact: redact(['**.**.password']) })).toThrow(
      'Logger option redact has the value "**.**.password": "**" twice in a row at character 4',
    );
    expect(() => new Logger({ redact: redact(['password', 42 as never]) })).toThrow(
      'Logger option redact has the value 42: expected a non-empty dot path',
    );
  });

  it('does not accept "**" in a correlation id path', () => {
    expect(() => injectLambdaContext(new Logger(), { correlationIdPath: '**.requestId' })).toThrow(
      'wildcards are not allowed in this path',
    );
  });
});

/** A REST API event as a browser sends it: the usual headers, with Authorization and Cookie. */
function restEventWithSecrets() {
  const { headers } = createApiGatewayProxyEvent();
  return createApiGatewayProxyEvent({
    httpMethod: 'POST',
    path: '/orders',
    headers: { ...headers, Authorization: 'Bearer secret-token', Cookie: 'session=secret-session' },
  });
}

describe('redact in header maps', () => {
  it('redacts headers whatever their case in a logged REST API event, in both header maps', async () => {
    const logger = new Logger({ redact: redact(['event.headers.authorization', 'event.headers.cookie']) });
    const handler = handlerWith(logger, () => 'ok', { logEvent: true });
    const event = restEventWithSecrets();

    const { lines, texts } = await invoke(handler, event);

    expect(texts[0]).not.toContain('secret-token');
    expect(texts[0]).not.toContain('secret-session');
    expect(lines[0].event.headers).toEqual({ ...event.headers, Authorization: REDACTED, Cookie: REDACTED });
    expect(lines[0].event.multiValueHeaders).toEqual({
      ...event.multiValueHeaders,
      Authorization: REDACTED,
      Cookie: REDACTED,
    });
  });

  it('redacts the cookies of an HTTP API event when the cookie header is redacted', async () => {
    const logger = new Logger({ redact: redact(['event.headers.authorization', 'event.headers.cookie']) });
    const handler = handlerWith(logger, () => 'ok', { logEvent: true });
    const { headers } = createApiGatewayProxyEventV2();
    const event = createApiGatewayProxyEventV2({
      headers: { ...headers, authorization: 'Bearer secret-token' },
      cookies: ['session=secret-session', 'theme=dark'],
    });

    const { lines, texts } = await invoke(handler, event);

    expect(texts[0]).not.toMatch(/secret-(token|session)/);
    expect(lines[0].event.headers.authorization).toBe(REDACTED);
    expect(lines[0].event.cookies).toBe(REDACTED);
  });

  it('matches a header path written in capitals, in a header map of the call', async () => {
    const logger = new Logger({ redact: redact(['request.headers.X-Api-Key']) });

    const { lines } = await captureLogs(() =>
      logger.info('calling', { request: { headers: { 'x-api-key': 'k-1', accept: 'json' } } }),
    );

    expect(lines[0].request.headers).toEqual({ 'x-api-key': REDACTED, accept: 'json' });
  });

  it('keeps keys outside header maps case-sensitive', async () => {
    const logger = new Logger({ redact: redact(['user.password']) });

    const { lines } = await captureLogs(() => logger.info('login', { user: { Password: 'p' } }));

    expect(lines[0].user).toEqual({ Password: 'p' });
  });
});

describe('redact with "**"', () => {
  it('redacts a key at any depth, in arrays and at the top of the line', async () => {
    const logger = new Logger({ redact: redact(['**.password']) });
    const keys = {
      password: 'p-0',
      user: { name: 'ada', password: 'p-1' },
      users: [{ password: 'p-2' }, { name: 'bob', credentials: [{ password: 'p-3' }] }],
    };

    const { lines, texts } = await captureLogs(() => logger.info('users', keys));

    expect(texts[0]).not.toMatch(/p-\d/);
    expect(lines[0]).toMatchObject({
      password: REDACTED,
      user: { name: 'ada', password: REDACTED },
      users: [{ password: REDACTED }, { name: 'bob', credentials: [{ password: REDACTED }] }],
    });
    expect(keys.users[1]).toEqual({ name: 'bob', credentials: [{ password: 'p-3' }] });
  });

  it('redacts below a prefix and together with other paths', async () => {
    const logger = new Logger({ redact: redact(['event.**.token', 'event.body']) });
    const handler = handlerWith(logger, () => 'ok', { logEvent: true });
    const event = { body: 'raw', token: 't-0', detail: { items: [{ token: 't-1', id: 1 }] } };

    const { lines } = await invoke(handler, event);

    expect(lines[0].event).toEqual({
      body: REDACTED,
      token: REDACTED,
      detail: { items: [{ token: REDACTED, id: 1 }] },
    });
  });

  it('matches a path of several keys after "**" wherever it starts', async () => {
    const logger = new Logger({ redact: redact(['**.card.number']) });

    const { lines } = await captureLogs(() =>
      logger.info('paid', { card: { number: '4111', card: { number: '5500' } }, number: '1' }),
    );

    expect(lines[0]).toMatchObject({
      card: { number: REDACTED, card: { number: REDACTED } },
      number: '1',
    });
  });

  it('applies to persistent keys, appended keys and header maps', async () => {
    const logger = new Logger({
      redact: redact(['**.authorization']),
      persistentKeys: { db: { authorization: 'a-1' } },
    });
    logger.appendKeys({ upstream: { headers: { Authorization: 'a-2' } } });

    const { lines } = await captureLogs(() => logger.info('hi'));

    expect(lines[0]).toMatchObject({
      db: { authorization: REDACTED },
      upstream: { headers: { Authorization: REDACTED } },
    });
  });
});

/** What `**.<names>` should leave of `value`: a reference walk, one level at a time. */
function expectedRedaction(value: unknown, names: string[], via: string[] = []): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const step = (key: string, member: unknown): unknown => {
    const path = [...via, key];
    const tail = path.slice(-names.length);
    return tail.length === names.length && tail.every((name, i) => name === names[i])
      ? REDACTED
      : expectedRedaction(member, names, path);
  };
  if (Array.isArray(value)) return value.map((member, i) => step(String(i), member));
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, step(key, member)]));
}

describe('redact with "**", for any value', () => {
  const values = fc
    .object({ key: fc.constantFrom('secret', 'a', 'b', 'Secret', '0'), maxDepth: 5 })
    .map((value) => JSON.parse(JSON.stringify(value)));

  it('writes what a level-by-level reference walk gives, for one key and for two', async () => {
    for (const names of [['secret'], ['a', 'secret']]) {
      const logger = new Logger({ redact: redact([`**.${names.join('.')}`]) });
      await fc.assert(
        fc.asyncProperty(values, async (value) => {
          const { lines } = await captureLogs(() => logger.info('value', { value }));

          expect(lines[0].value).toEqual(expectedRedaction(value, names, ['value']));
        }),
      );
    }
  });
});

describe('redact paths match where they are written, nowhere else', () => {
  it('names the option when redact is not given an array', () => {
    expect(() => redact('password' as never)).toThrow(
      'Logger option redact has the value "password": expected an array of dot paths',
    );
    expect(() => redact(undefined as never)).toThrow('expected an array of dot paths');
  });

  it('names the fix when the option is given paths rather than what redact() returns', () => {
    expect(() => new Logger({ redact: ['password'] as never })).toThrow(
      `Logger option redact has the value ["password"]: expected redact([...paths]) from '@lambkit/logger/redact'`,
    );
  });

  it('writes an array whole for a path naming its length, which no line holds', async () => {
    const logger = new Logger({ redact: redact(['items.length', 'items.0.length']) });

    const { lines, error } = await captureLogs(() => logger.info('order', { items: [[1], 2] }));

    expect(error).toBeUndefined();
    expect(lines[0].items).toEqual([[1], 2]);
  });

  it('walks only the branches a path leads into, leaving a circular value beside them as it is', () => {
    const order: Record<string, unknown> = { id: 'o-1' };
    order.self = order;
    const value = { order, card: { number: '4111', brand: 'visa' } };

    const out = redact(['card.number'])(value) as typeof value;

    expect(out).toEqual({ order, card: { number: REDACTED, brand: 'visa' } });
    expect(out.order).toBe(order);
    expect(value.card.number).toBe('4111');
  });

  it('returns a value that holds no match as it is, even where a path leads into it', () => {
    const value = { card: { brand: 'visa' }, items: [{ sku: 'a' }] };

    const out = redact(['card.number', 'items[*].card'])(value);

    expect(out).toBe(value);
    expect(out).toEqual({ card: { brand: 'visa' }, items: [{ sku: 'a' }] });
  });

  it('writes the same line as no redaction when given no paths', async () => {
    const keys = { user: 'ada', password: 'p', nested: { password: 'n' } };

    const { lines } = await captureLogs(() => {
      new Logger({ redact: redact([]) }).info('login', keys);
      new Logger().info('login', keys);
    });

    expect({ ...lines[0], timestamp: '' }).toEqual({ ...lines[1], timestamp: '' });
    expect(redact([])(keys)).toBe(keys);
  });

  it('redacts a top-level path at the top only, with the key’s exact case', async () => {
    const logger = new Logger({ redact: redact(['password']) });

    const { lines } = await captureLogs(() =>
      logger.info('login', { password: 'p', Password: 'P', nested: { password: 'n' } }),
    );

    expect(lines[0]).toMatchObject({ password: REDACTED, Password: 'P', nested: { password: 'n' } });
  });

  it('redacts a "*" path one level down only', async () => {
    const logger = new Logger({ redact: redact(['*.secret']) });

    const { lines } = await captureLogs(() =>
      logger.info('m', { vault: { secret: 's', inner: { secret: 'i' } } }),
    );

    expect(lines[0].vault).toEqual({ secret: REDACTED, inner: { secret: 'i' } });
  });

  it('gives a path outside a header map no twin', async () => {
    const logger = new Logger({ redact: redact(['user.name']) });

    const { lines } = await captureLogs(() =>
      logger.info('m', { user: { name: 'ada' }, headers: { name: 'h' }, multiValueHeaders: { name: ['h'] } }),
    );

    expect(lines[0]).toMatchObject({
      user: { name: REDACTED },
      headers: { name: 'h' },
      multiValueHeaders: { name: ['h'] },
    });
  });

  it('redacts a header named in multiValueHeaders in headers too, and leaves cookies alone', async () => {
    const logger = new Logger({ redact: redact(['multiValueHeaders.Authorization']) });

    const { lines } = await captureLogs(() =>
      logger.info('m', {
        headers: { authorization: 'Bearer a' },
        multiValueHeaders: { authorization: ['Bearer a'] },
        cookies: ['session=s'],
      }),
    );

    expect(lines[0]).toMatchObject({
      headers: { authorization: REDACTED },
      multiValueHeaders: { authorization: REDACTED },
      cookies: ['session=s'],
    });
  });

  it('redacts cookies for a path naming the Cookie header itself, not for a path below it', async () => {
    const logger = new Logger({ redact: redact(['multiValueHeaders.cookie[*]']) });

    const { lines } = await captureLogs(() =>
      logger.info('m', { multiValueHeaders: { Cookie: ['session=s'] }, cookies: ['session=s'] }),
    );

    expect(lines[0]).toMatchObject({ multiValueHeaders: { Cookie: [REDACTED] }, cookies: ['session=s'] });
  });

  it('follows each path below a header on its own, whatever the header’s case', async () => {
    const logger = new Logger({ redact: redact(['headers.x-meta.secret', 'headers.authorization']) });

    const { lines } = await captureLogs(() =>
      logger.info('m', { headers: { 'X-Meta': { secret: 's', kept: 'k' }, Authorization: 'a' } }),
    );

    expect(lines[0].headers).toEqual({ 'X-Meta': { secret: REDACTED, kept: 'k' }, Authorization: REDACTED });
  });
});

describe('redact tables', () => {
  it('keeps apart the states of paths whose step numbers read alike when joined', async () => {
    // Steps are numbered as the paths are read: p.a (2) with p.* (4) are active together under
    // "p.a", and the 18th step of the f chain (24) on its own; "2,4" and "24" are different states.
    const chain = Array.from({ length: 18 }, (_, i) => `s${i + 7}`);
    const logger = new Logger({ redact: redact(['p.a.x', 'p.*.y', ['f', ...chain].join('.')]) });
    let deep: unknown = 'secret';
    for (const key of [...chain].reverse()) deep = { [key]: deep };

    const { texts } = await captureLogs(() => logger.info('m', { p: { a: { x: 1, kept: 2 } }, f: deep }));

    expect(texts[0]).toContain('"p":{"a":{"x":"[REDACTED]","kept":2}}');
    expect(texts[0]).toContain('"s24":"[REDACTED]"');
  });
});

import { redact } from '@lambkit/logger/redact';
import { createApiGatewayProxyEvent } from '@lambkit/testing';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogs, handlerWith, invoke, newInvocation } from '../test/test-helpers.js';
import { Logger } from './index.js';

// Values a log call must survive: the docs promise that log calls never throw and never drop a line.

function boom(text: string): Error {
  return new Error(text);
}

/** An object whose `message` getter throws. */
function throwingMessage(): { message: string } {
  return {
    get message(): string {
      throw boom('message getter');
    },
  };
}

/** An object whose string conversion throws. */
function throwingToString(): object {
  return {
    toString(): string {
      throw boom('toString');
    },
  };
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({ orderId: 'o-1' }, {});
  revoke();
  return proxy;
}

/** A proxy of a plain object whose keys cannot be listed. */
function keylessProxy(): object {
  return new Proxy(
    { orderId: 'o-1' },
    {
      ownKeys() {
        throw boom('ownKeys trap');
      },
    },
  );
}

/** An Error whose name, message, stack and cause getters all throw. */
function hostileError(): Error {
  const error = new Error('hidden');
  // stack first: redefining it formats the pending stack, which reads name.
  for (const key of ['stack', 'name', 'message', 'cause']) {
    Object.defineProperty(error, key, {
      get() {
        throw boom(`${key} getter`);
      },
    });
  }
  return error;
}

const REVOKED = /^\[Unserializable: TypeError: .*revoked/;

/** Runs `act` and returns what it wrote; fails when it threw. */
async function linesOf(act: () => void) {
  const output = await captureLogs(act);
  expect(output.error).toBeUndefined();
  return output.lines;
}

beforeEach(() => {
  newInvocation();
});

describe('log calls given values that throw when read', () => {
  it('writes the line when the message argument has a message getter that throws', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.info(throwingMessage()));

    expect(lines).toHaveLength(1);
    expect(lines[0].message).toBe('[Getter threw: Error: message getter]');
  });

  it('writes the line when the message argument holds a message whose toString throws', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.info({ message: throwingToString() } as never));

    expect(lines[0].message).toBe('[Unserializable: Error: toString]');
  });

  it('writes the line when the message argument is a function whose toString throws', async () => {
    const logger = new Logger();
    const fn = Object.assign(() => 1, { toString: throwingToString().toString });

    const lines = await linesOf(() => logger.info(fn as never));

    expect(lines[0].message).toBe('[Unserializable: Error: toString]');
  });

  it('writes the line when the message argument is a revoked Proxy', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.warn(revokedProxy() as never));

    expect(lines).toHaveLength(1);
    expect(lines[0].message).toMatch(/^\[Getter threw: TypeError: .*revoked/);
    expect(lines[0].extra).toMatch(REVOKED);
  });

  it('writes the line when the message argument is a Proxy whose ownKeys trap throws', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.info(keylessProxy() as never));

    expect(lines[0]).toMatchObject({ message: '', extra: '[Unserializable: Error: ownKeys trap]' });
  });

  it('writes the line when an extra object has a message getter that throws, dropping that reserved key', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.info('order placed', throwingMessage(), 'second'));

    // "message" is reserved: the warning says it is dropped, and the line keeps its own message.
    expect(lines.map((line) => line.message)).toEqual([
      'The key "message" is a reserved key and will be dropped.',
      'order placed',
    ]);
    expect(lines[1].extra).toBe('second');
  });

  it('marks a getter that throws a value whose own message getter throws', async () => {
    const logger = new Logger();
    const extra = {
      get total(): number {
        throw hostileError();
      },
    };

    const lines = await linesOf(() => logger.info('order placed', extra, 'second'));

    expect(lines[0].total).toBe('[Getter threw: unknown error]');
  });

  it('marks a revoked Proxy given as an extra', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.info('order placed', revokedProxy()));

    expect(lines[0].message).toBe('order placed');
    expect(lines[0].extra).toMatch(REVOKED);
  });

  it('marks a revoked Proxy given with an Error to error()', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.error('payment failed', new Error('declined'), revokedProxy()));

    expect(lines[0].error.message).toBe('declined');
    expect(lines[0].extra).toMatch(REVOKED);
  });

  it('marks a Proxy whose ownKeys trap throws, given as the only extra', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.info('order placed', keylessProxy()));

    expect(lines[0]).toMatchObject({
      message: 'order placed',
      extra: '[Unserializable: Error: ownKeys trap]',
    });
  });

  it('marks a Proxy whose ownKeys trap throws, given with other extras', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.debug('order placed', keylessProxy(), { orderId: 'o-1' }));

    expect(lines).toHaveLength(0);
    const debugLogger = new Logger({ logLevel: 'DEBUG' });
    const written = await linesOf(() =>
      debugLogger.debug('order placed', keylessProxy(), { orderId: 'o-1' }),
    );
    expect(written[0]).toMatchObject({ orderId: 'o-1', extra: '[Unserializable: Error: ownKeys trap]' });
  });

  it('marks an extra whose keys can be listed once only, with redaction on', async () => {
    const logger = new Logger({ redact: redact(['password']) });
    let listed = 0;
    const fickle = new Proxy(
      { orderId: 'o-1' },
      {
        ownKeys(target) {
          if (listed++ > 0) throw boom('ownKeys trap');
          return Reflect.ownKeys(target);
        },
      },
    );

    const lines = await linesOf(() => logger.info('order placed', fickle));

    expect(lines[0].extra).toBe('[Unserializable: Error: ownKeys trap]');
  });

  it('marks a boxed number whose valueOf gives a BigInt and keeps the other keys', async () => {
    const amount = Object.assign(new Number(1), { valueOf: () => 1n });
    const lines = await linesOf(() => new Logger().info('paid', { amount, currency: 'EUR' }));

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      message: 'paid',
      amount: '[Unserializable: TypeError: Cannot convert a BigInt value to a number]',
      currency: 'EUR',
    });
  });

  it('writes an Error whose name and message are no strings, and keeps the other keys', async () => {
    const error = Object.assign(new Error('declined'), { name: 10n });
    Object.defineProperty(error, 'message', { value: new Map([['code', 'E1']]) });
    const lines = await linesOf(() => new Logger().info('payment', { error, orderId: 'o-1' }));

    expect(lines[0]).toMatchObject({ orderId: 'o-1', error: { name: '10', message: { code: 'E1' } } });
  });

  it('keeps the value of a Map entry whose key cannot be turned into a string', async () => {
    const logger = new Logger();
    const settings = new Map<unknown, string>([
      [throwingToString(), 'v-1'],
      ['region', 'eu-west-1'],
    ]);

    const lines = await linesOf(() => logger.info('settings', { settings }));

    expect(lines[0].settings).toEqual({ '[Unserializable: Error: toString]': 'v-1', region: 'eu-west-1' });
  });

  it('marks a getter that throws on a key the line already has', async () => {
    const logger = new Logger({ persistentKeys: { team: 'checkout' } });
    const extra = {
      get team(): string {
        throw boom('team getter');
      },
    };

    const lines = await linesOf(() => logger.info('order placed', extra));

    expect(lines[0].team).toBe('[Getter threw: Error: team getter]');
  });

  it('writes an Error whose name, message, stack and cause getters throw', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.error('payment failed', hostileError()));

    expect(lines[0].error).toEqual({
      name: '[Getter threw: Error: name getter]',
      location: '',
      message: '[Getter threw: Error: message getter]',
      stack: '[Getter threw: Error: stack getter]',
      cause: '[Getter threw: Error: cause getter]',
    });
  });

  it('writes an Error given first whose message getter throws', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => logger.error(hostileError() as never));

    expect(lines[0].message).toBe('[Getter threw: Error: message getter]');
    expect(lines[0].error.stack).toBe('[Getter threw: Error: stack getter]');
  });
});

describe('appendKeys and appendPersistentKeys given values that throw when read', () => {
  it('marks a getter that throws in appended keys and keeps the others', async () => {
    const logger = new Logger();
    const keys = {
      customerId: 'c-1',
      get tier(): string {
        throw boom('tier getter');
      },
    };

    const lines = await linesOf(() => {
      logger.appendKeys(keys);
      logger.info('order placed');
    });

    expect(lines[0]).toMatchObject({ customerId: 'c-1', tier: '[Getter threw: Error: tier getter]' });
  });

  it('marks a revoked Proxy given to appendKeys', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => {
      logger.appendKeys(revokedProxy() as never);
      logger.info('order placed');
    });

    expect(lines[0].extra).toMatch(REVOKED);
  });

  it('marks a Proxy whose ownKeys trap throws given to appendPersistentKeys', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => {
      logger.appendPersistentKeys(keylessProxy() as never);
      logger.info('order placed');
    });

    expect(lines[0].extra).toBe('[Unserializable: Error: ownKeys trap]');
  });

  it('marks hostile values nested in appended keys', async () => {
    const logger = new Logger();

    const lines = await linesOf(() => {
      logger.appendKeys({ user: revokedProxy(), session: keylessProxy() });
      logger.info('order placed');
    });

    expect(lines[0].user).toMatch(REVOKED);
    expect(lines[0].session).toBe('[Unserializable: Error: ownKeys trap]');
  });
});

describe('logEvent given an event that throws when read', () => {
  it('writes the event line with the unreadable parts marked, redaction on', async () => {
    const logger = new Logger({ redact: redact(['event.headers.authorization']) });
    const event = createApiGatewayProxyEvent({ headers: { Authorization: 'Bearer secret-token' } });
    const hostile = { ...event, requestContext: revokedProxy(), body: keylessProxy() };
    const handler = handlerWith(logger, () => 'ok', { logEvent: true });

    const { lines } = await invoke(handler, hostile);

    expect(lines[0].message).toBe('Lambda invocation event');
    expect(lines[0].event.requestContext).toMatch(REVOKED);
    expect(lines[0].event.body).toBe('[Unserializable: Error: ownKeys trap]');
    expect(lines[0].event.path).toBe(event.path);
  });

  it('writes the event line when the event itself is a revoked Proxy', async () => {
    const logger = new Logger();
    const handler = handlerWith(logger, () => 'ok', { logEvent: true });

    const { lines, error } = await invoke(handler, revokedProxy());

    expect(error).toBeUndefined();
    expect(lines[0].event).toMatch(REVOKED);
  });
});

describe('correlationIdPath given an event that throws when read', () => {
  it('writes the marker as the correlation id instead of throwing', async () => {
    const logger = new Logger();
    const event = { ...createApiGatewayProxyEvent(), requestContext: revokedProxy() };
    const handler = handlerWith(logger, () => logger.info('order placed'), {
      correlationIdPath: 'requestContext.requestId',
    });

    const { lines, error } = await invoke(handler, event);

    expect(error).toBeUndefined();
    expect(lines[0].correlation_id).toMatch(/^\[Getter threw: TypeError: .*revoked/);
  });
});

const MAKERS = [throwingMessage, throwingToString, revokedProxy, keylessProxy, hostileError];

/**
 * `spec` with each `{ hostile: i }` replaced by a new value from MAKERS[i]. Values are built after
 * generation: fast-check itself inspects generated values, which a revoked Proxy would break.
 */
function materialize(spec: unknown): unknown {
  if (Array.isArray(spec)) return spec.map(materialize);
  if (typeof spec !== 'object' || spec === null) return spec;
  const proto = Object.getPrototypeOf(spec);
  if (proto !== Object.prototype && proto !== null) return spec;
  if (Object.hasOwn(spec, 'hostile')) return MAKERS[(spec as { hostile: number }).hostile]();
  return Object.fromEntries(Object.entries(spec).map(([key, member]) => [key, materialize(member)]));
}

describe('log calls given any mix of values', () => {
  const hostile = fc.record({ hostile: fc.integer({ min: 0, max: MAKERS.length - 1 }) });
  const value = fc.oneof(
    fc.anything(),
    hostile,
    fc.dictionary(fc.string(), fc.oneof(fc.anything(), hostile)),
  );
  const methods = ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const;

  it('never throw and write one JSON line at the level called', async () => {
    const logger = new Logger({
      logLevel: 'TRACE',
      redact: redact(['**.password', 'headers.authorization']),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        value,
        fc.array(value, { maxLength: 3 }),
        async (method, inputSpec, extraSpecs) => {
          const input = materialize(inputSpec);
          const extras = extraSpecs.map(materialize);

          const { lines, error } = await captureLogs(() => logger[method](input as never, ...extras));

          expect(error).toBeUndefined();
          expect(lines.every((line) => typeof line === 'object')).toBe(true);
          const reservedKeyWarning = /is a reserved key/;
          const called = lines.filter(
            (line) => line.level === method.toUpperCase() && !reservedKeyWarning.test(line.message),
          );
          expect(called).toHaveLength(1);
        },
      ),
    );
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, handlerWith, invoke, newInvocation } from '../test/test-helpers.js';
import { Logger } from './index.js';

beforeEach(() => {
  vi.stubEnv('_X_AMZN_TRACE_ID', undefined);
  newInvocation();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('appended keys', () => {
  it('appear on every later line of the invocation', async () => {
    const logger = new Logger();
    logger.appendKeys({ customerId: 'c-1' });

    const { lines } = await captureLogs(() => {
      logger.info('one');
      logger.warn('two');
    });

    expect(lines.map((line) => line.customerId)).toEqual(['c-1', 'c-1']);
  });

  it('are gone in the next invocation', async () => {
    const logger = new Logger();
    const handler = handlerWith(logger, (event) => {
      logger.info('before');
      logger.appendKeys({ customerId: event.customerId });
    });

    await invoke(handler, { customerId: 'c-1' });
    const { lines } = await invoke(handler, { customerId: 'c-2' });

    expect(lines[0]).not.toHaveProperty('customerId');
  });

  it('are captured when appended: later changes to the object are not seen', async () => {
    const logger = new Logger();
    const customer = { id: 'c-1', tier: 'gold' };
    logger.appendKeys({ customer });
    customer.tier = 'silver';

    const { lines } = await captureLogs(() => logger.info('placed'));

    expect(lines[0].customer).toEqual({ id: 'c-1', tier: 'gold' });
  });

  it('are deep-merged with keys appended earlier', async () => {
    const logger = new Logger();
    logger.appendKeys({ order: { id: 'o-1' }, step: 1 });
    logger.appendKeys({ order: { total: 3 }, step: 2 });

    const { lines } = await captureLogs(() => logger.info('placed'));

    expect(lines[0]).toMatchObject({ order: { id: 'o-1', total: 3 }, step: 2 });
  });

  it('are removed by removeKeys, which shows a persistent key of the same name again', async () => {
    const logger = new Logger({ persistentKeys: { tier: 'standard' } });
    logger.appendKeys({ tier: 'gold', customerId: 'c-1' });

    const { lines } = await captureLogs(() => {
      logger.info('appended');
      logger.removeKeys(['tier', 'customerId']);
      logger.info('removed');
    });

    expect(lines.map((line) => [line.tier, line.customerId])).toEqual([
      ['gold', 'c-1'],
      ['standard', undefined],
    ]);
  });

  it('are all removed by resetKeys, with the correlation id', async () => {
    const logger = new Logger();
    logger.appendKeys({ customerId: 'c-1' });
    logger.setCorrelationId('corr-1');

    const { lines } = await captureLogs(() => {
      logger.resetKeys();
      logger.info('clean');
    });

    expect(lines[0]).not.toHaveProperty('customerId');
    expect(lines[0]).not.toHaveProperty('correlation_id');
  });

  it('reject a value that is not an object, naming it', () => {
    const logger = new Logger();

    expect(() => logger.appendKeys('customerId' as never)).toThrow(
      'appendKeys expects an object of keys and values, got "customerId"',
    );
  });

  it('reject undefined, naming it as JSON writes it', () => {
    const logger = new Logger();

    expect(() => logger.appendPersistentKeys(undefined as never)).toThrow(
      'appendPersistentKeys expects an object of keys and values, got null',
    );
  });

  it('drop reserved keys with a warning', async () => {
    const logger = new Logger({ serviceName: 'orders' });

    const { lines } = await captureLogs(() => {
      logger.appendKeys({ service: 'other', timestamp: 0 });
      logger.info('after');
    });

    expect(lines.map((line) => line.message)).toEqual([
      'The key "service" is a reserved key and will be dropped.',
      'The key "timestamp" is a reserved key and will be dropped.',
      'after',
    ]);
    expect(lines[2].service).toBe('orders');
    expect(typeof lines[2].timestamp).toBe('string');
  });
});

describe('persistent keys', () => {
  it('appear in every invocation', async () => {
    const logger = new Logger({ persistentKeys: { team: 'checkout' } });
    logger.appendPersistentKeys({ region: 'eu-west-1' });
    const handler = handlerWith(logger, () => logger.info('hi'));

    const first = await invoke(handler);
    const second = await invoke(handler);

    for (const { lines } of [first, second]) {
      expect(lines[0]).toMatchObject({ team: 'checkout', region: 'eu-west-1' });
    }
  });

  it('are removed by removePersistentKeys', async () => {
    const logger = new Logger({ persistentKeys: { team: 'checkout', region: 'eu-west-1' } });

    const { lines } = await captureLogs(() => {
      logger.info('with');
      logger.removePersistentKeys(['region']);
      logger.info('without');
    });

    expect(lines.map((line) => line.region)).toEqual(['eu-west-1', undefined]);
    expect(logger.getPersistentLogAttributes()).toEqual({ team: 'checkout' });
  });

  it('are also accepted under the former option name persistentLogAttributes', async () => {
    const logger = new Logger({ persistentLogAttributes: { team: 'checkout' } });

    const { lines } = await captureLogs(() => logger.info('hi'));

    expect(lines[0].team).toBe('checkout');
  });

  it('are written before appended keys', async () => {
    const logger = new Logger({ persistentKeys: { team: 'checkout' } });
    logger.appendKeys({ customerId: 'c-1' });

    const { lines } = await captureLogs(() => logger.info('hi', { extra: 1 }));

    expect(Object.keys(lines[0]).slice(-3)).toEqual(['team', 'customerId', 'extra']);
  });
});

describe('createChild', () => {
  it('keeps the parent’s options, keys and context, with the given options on top', async () => {
    const parent = new Logger({
      serviceName: 'orders',
      logLevel: 'DEBUG',
      persistentKeys: { team: 'checkout' },
    });
    const handler = handlerWith(parent, () => {
      parent.appendKeys({ customerId: 'c-1' });
      const child = parent.createChild({ serviceName: 'payments', persistentKeys: { gateway: 'acme' } });
      child.debug('from child');
    });

    const { lines } = await invoke(handler);

    expect(lines[0]).toMatchObject({
      level: 'DEBUG',
      service: 'payments',
      function_name: 'orders',
      team: 'checkout',
      gateway: 'acme',
      customerId: 'c-1',
    });
  });

  it('gives the child keys of its own', async () => {
    const parent = new Logger();
    const child = parent.createChild();

    const { lines } = await captureLogs(() => {
      child.appendKeys({ only: 'child' });
      parent.info('parent');
      child.info('child');
    });

    expect(lines.map((line) => line.only)).toEqual([undefined, 'child']);
  });
});

describe('a key both appended and persistent', () => {
  it('is written with the value set last: appendPersistentKeys after appendKeys wins, as in Powertools', async () => {
    const logger = new Logger();
    logger.appendKeys({ tier: 'appended' });
    logger.appendPersistentKeys({ tier: 'persistent' });

    const { lines } = await captureLogs(() => logger.info('placed'));

    expect(lines[0].tier).toBe('persistent');
  });

  it('is written with the appended value when appendKeys sets it again', async () => {
    const logger = new Logger();
    logger.appendKeys({ tier: 'appended' });
    logger.appendPersistentKeys({ tier: 'persistent' });
    logger.appendKeys({ tier: 'appended again' });

    const { lines } = await captureLogs(() => logger.info('placed'));

    expect(lines[0].tier).toBe('appended again');
  });

  it('shows the appended value again when removePersistentKeys removes the persistent one', async () => {
    const logger = new Logger();
    logger.appendKeys({ tier: 'appended' });
    logger.appendPersistentKeys({ tier: 'persistent' });
    logger.removePersistentKeys(['tier']);

    const { lines } = await captureLogs(() => logger.info('placed'));

    expect(lines[0].tier).toBe('appended');
  });

  it('is replaced on one line by the same key given to the call', async () => {
    const logger = new Logger();
    logger.appendPersistentKeys({ tier: 'persistent' });
    logger.appendKeys({ tier: 'appended' });

    const { lines } = await captureLogs(() => {
      logger.info('placed', { tier: 'per call' });
      logger.info('next');
    });

    expect(lines.map((line) => line.tier)).toEqual(['per call', 'appended']);
  });
});

describe('the deprecated persistent-attribute methods', () => {
  it('addPersistentLogAttributes adds persistent keys, as appendPersistentKeys does', async () => {
    const logger = new Logger();
    logger.addPersistentLogAttributes({ region: 'eu-west-1' });
    newInvocation();

    const { lines } = await captureLogs(() => logger.info('placed'));

    expect(lines[0].region).toBe('eu-west-1');
  });

  it('setPersistentLogAttributes replaces every persistent key', async () => {
    const logger = new Logger({ persistentKeys: { team: 'checkout' } });
    logger.setPersistentLogAttributes({ region: 'eu-west-1' });

    const { lines } = await captureLogs(() => logger.info('placed'));

    expect(lines[0]).not.toHaveProperty('team');
    expect(lines[0].region).toBe('eu-west-1');
    expect(logger.persistentLogAttributes).toEqual({ region: 'eu-west-1' });
  });

  it('removePersistentLogAttributes removes persistent keys', async () => {
    const logger = new Logger({ persistentKeys: { team: 'checkout', region: 'eu-west-1' } });
    logger.removePersistentLogAttributes(['team']);

    const { lines } = await captureLogs(() => logger.info('placed'));

    expect(lines[0]).not.toHaveProperty('team');
    expect(logger.getPersistentLogAttributes()).toEqual({ region: 'eu-west-1' });
  });

  it('warns with Powertools’ text when both persistentKeys and persistentLogAttributes are given, and uses persistentKeys', async () => {
    const { result: logger, lines } = await captureLogs(
      () => new Logger({ persistentKeys: { team: 'a' }, persistentLogAttributes: { team: 'b' } } as never),
    );
    const { lines: written } = await captureLogs(() => logger!.info('placed'));

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message:
          'Both persistentLogAttributes and persistentKeys options were provided. Using persistentKeys as persistentLogAttributes is deprecated and will be removed in future releases',
      }),
    ]);
    expect(written[0].team).toBe('a');
  });
});

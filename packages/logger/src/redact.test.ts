import { captureOutput } from '@lambkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import restEvent from './__fixtures__/apigw-rest.json' with { type: 'json' };
import { Logger, LoggerOptionError, REDACTED } from './index.js';
import { handlerWith, invoke, newInvocation } from './test-helpers.js';

beforeEach(() => {
  newInvocation();
});

describe('redact', () => {
  it('replaces a top-level key of the call', async () => {
    const logger = new Logger({ redact: ['password'] });

    const { stdout } = await captureOutput(() => logger.info('login', { user: 'ada', password: 'hunter2' }));

    expect(stdout[0]).toMatchObject({ user: 'ada', password: REDACTED });
  });

  it('replaces a nested path and a wildcard path, leaving siblings alone', async () => {
    const logger = new Logger({ redact: ['headers.authorization', '*.secret', 'cards[*].number'] });

    const { stdout } = await captureOutput(() =>
      logger.info('request', {
        headers: { authorization: 'Bearer x', accept: 'json' },
        vault: { secret: 's', name: 'v' },
        cards: [{ number: '4111', brand: 'visa' }, { number: '5500' }],
      }),
    );

    expect(stdout[0]).toMatchObject({
      headers: { authorization: REDACTED, accept: 'json' },
      vault: { secret: REDACTED, name: 'v' },
      cards: [{ number: REDACTED, brand: 'visa' }, { number: REDACTED }],
    });
  });

  it('leaves the caller’s objects unchanged', async () => {
    const logger = new Logger({ redact: ['headers.authorization'] });
    const headers = { authorization: 'Bearer x' };

    await captureOutput(() => logger.info('request', { headers }));

    expect(headers.authorization).toBe('Bearer x');
  });

  it('applies to persistent and appended keys', async () => {
    const logger = new Logger({ redact: ['apiKey', 'user.token'], persistentKeys: { apiKey: 'k-1' } });
    logger.appendKeys({ user: { id: 'u-1', token: 't-1' } });

    const { stdout } = await captureOutput(() => logger.info('hi'));

    expect(stdout[0]).toMatchObject({ apiKey: REDACTED, user: { id: 'u-1', token: REDACTED } });
  });

  it('applies to the logged event', async () => {
    const logger = new Logger({ redact: ['event.headers.authorization', 'event.multiValueHeaders.*'] });
    const handler = handlerWith(logger, () => 'ok', { logEvent: true });

    const { stdout } = await invoke(handler, restEvent);

    expect(stdout[0].event.headers).toEqual({ ...restEvent.headers, authorization: REDACTED });
    expect(stdout[0].event.multiValueHeaders).toEqual({ header1: REDACTED, header2: REDACTED });
    expect(stdout[0].event.requestContext.requestId).toBe(restEvent.requestContext.requestId);
  });

  it('applies inside Errors and Maps', async () => {
    const logger = new Logger({ redact: ['error.password', 'settings.token'] });
    const error = Object.assign(new Error('login failed'), { password: 'hunter2' });

    const { stdout } = await captureOutput(() =>
      logger.error('failed', error, { settings: new Map([['token', 't']]) }),
    );

    expect(stdout[0]).toMatchObject({ error: { password: REDACTED }, settings: { token: REDACTED } });
  });

  it('applies when a key of the call replaces an appended key', async () => {
    const logger = new Logger({ redact: ['card.number'] });
    logger.appendKeys({ card: { number: '4111' } });

    const { stdout } = await captureOutput(() =>
      logger.info('charged', { card: { number: '5500', last4: '0004' } }),
    );

    expect(stdout[0].card).toEqual({ number: REDACTED, last4: '0004' });
  });

  it('rejects a malformed path, naming it', () => {
    expect(() => new Logger({ redact: ['headers..authorization'] })).toThrow(LoggerOptionError);
    expect(() => new Logger({ redact: ['headers..authorization'] })).toThrow(
      'Logger option redact has the value "headers..authorization": empty segment at character 9',
    );
    expect(() => new Logger({ redact: ['items[x]'] })).toThrow('expected an index, "*" or a quoted key');
    expect(() => new Logger({ redact: 'password' as never })).toThrow('expected an array of dot paths');
  });
});

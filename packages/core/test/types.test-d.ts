// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.
import { cachedClient, readEnvBoolean, readEnvNumber, readEnvString } from '@lambkit/core';
import { describe, expectTypeOf, it } from 'vitest';

class OrdersClient {
  constructor(readonly config: { region: string; maxAttempts?: number }) {}
  send(): Promise<string> {
    return Promise.resolve('sent');
  }
}

describe('cachedClient', () => {
  it('returns an instance of the class it was given', () => {
    expectTypeOf(cachedClient(OrdersClient, { region: 'eu-west-1' })).toEqualTypeOf<OrdersClient>();
  });

  it('checks the config against the constructor', () => {
    // @ts-expect-error region must be a string
    cachedClient(OrdersClient, { region: 1 });
  });
});

describe('environment readers', () => {
  it('are defined when given a fallback, optional without one', () => {
    expectTypeOf(readEnvString('TABLE', 'orders')).toEqualTypeOf<string>();
    expectTypeOf(readEnvString('TABLE')).toEqualTypeOf<string | undefined>();
    expectTypeOf(readEnvNumber('LIMIT', 10)).toEqualTypeOf<number>();
    expectTypeOf(readEnvBoolean('DEBUG', false)).toEqualTypeOf<boolean>();
    expectTypeOf(readEnvBoolean('DEBUG')).toEqualTypeOf<boolean | undefined>();
  });
});

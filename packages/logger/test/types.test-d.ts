// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.

import { Logger } from '@lambkit/logger';
import { injectLambdaContext } from '@lambkit/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expectTypeOf, it } from 'vitest';

const logger = new Logger({ serviceName: 'orders' });

describe('Logger', () => {
  it('logs a message with extra objects, errors or key-value pairs', () => {
    logger.info('order placed', { orderId: 'o-1' });
    logger.error('charge failed', new Error('declined'));
    logger.warn({ message: 'slow', durationMs: 1200 });
    // @ts-expect-error a message is a string or an object with one
    logger.info(42);
  });

  it('makes children that are Loggers', () => {
    expectTypeOf(logger.createChild({ serviceName: 'payments' })).toEqualTypeOf<Logger>();
  });

  it('refuses an unknown log level', () => {
    // @ts-expect-error VERBOSE is not a log level
    new Logger({ logLevel: 'VERBOSE' });
  });
});

describe('injectLambdaContext', () => {
  it('fits a middy handler', () => {
    const handler = middy(async (_event: { id: string }, _context: Context) => 'ok').use(
      injectLambdaContext(logger),
    );
    expectTypeOf(handler).returns.resolves.toEqualTypeOf<string>();
  });
});

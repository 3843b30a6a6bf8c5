// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.

import { Tracer } from '@lambkit/tracer';
import { captureLambdaHandler } from '@lambkit/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expectTypeOf, it } from 'vitest';

const tracer = new Tracer({ serviceName: 'orders' });

describe('Tracer', () => {
  it('keeps the type of what a traced function returns', () => {
    expectTypeOf(tracer.captureAWSv3Client({ send: async () => 1 })).toEqualTypeOf<{
      send: () => Promise<number>;
    }>();
  });

  it('takes string, number or boolean annotations', () => {
    tracer.putAnnotation('orderId', 'o-1');
    tracer.putAnnotation('items', 3);
    // @ts-expect-error an annotation is a string, number or boolean
    tracer.putAnnotation('order', { id: 'o-1' });
  });
});

describe('captureLambdaHandler', () => {
  it('fits a middy handler', () => {
    const handler = middy(async (_event: unknown, _context: Context) => 'ok').use(
      captureLambdaHandler(tracer),
    );
    expectTypeOf(handler).returns.resolves.toEqualTypeOf<string>();
  });
});

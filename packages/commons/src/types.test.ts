import type { LambdaContext } from '@lambkit/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as commons from './index.js';
import type { AsyncHandler, HandlerMethodDecorator, JSONValue, LambdaInterface } from './types/index.js';

describe('@lambkit/commons', () => {
  it('exports types only, so importing it adds nothing at run time', () => {
    expect(Object.keys(commons)).toEqual([]);
  });

  it('types a class whose async handler method takes the event and the Lambda context', () => {
    class Lambda implements LambdaInterface {
      public async handler(event: { id: string }, context: LambdaContext): Promise<string> {
        return `${event.id}:${context.awsRequestId}`;
      }
    }
    expectTypeOf<Lambda>().toExtend<LambdaInterface>();
    expectTypeOf<Lambda['handler']>().toExtend<AsyncHandler>();
  });

  it('types a legacy method decorator with the target, the key and the descriptor of the handler', () => {
    expectTypeOf<HandlerMethodDecorator>().parameter(1).toEqualTypeOf<string | symbol>();
    expectTypeOf<Parameters<HandlerMethodDecorator>>().toHaveProperty('length').toEqualTypeOf<3>();
  });

  it('types JSON values, nested objects and arrays included', () => {
    expectTypeOf<{ a: [1, 'two', { b: null }] }>().toExtend<JSONValue>();
    expectTypeOf<{ a: () => void }>().not.toExtend<JSONValue>();
  });
});

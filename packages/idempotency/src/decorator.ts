import { makeIdempotent } from './make-idempotent.js';
import type { AnyFunction, ItempotentFunctionOptions } from './types.js';

/**
 * A class method decorator (legacy decorators, `experimentalDecorators`, as Powertools documents
 * it) that makes the method idempotent with `makeIdempotent`, wrapped once, when the class is defined.
 *
 * @example
 * class Lambda {
 *   @idempotent({ persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'idempotency' }) })
 *   async handler(event: { orderId: string }, _context: Context) { return { charged: event.orderId }; }
 * }
 */
export function idempotent(
  options: ItempotentFunctionOptions<Parameters<AnyFunction>>,
): (target: unknown, propertyKey: string | symbol, descriptor: PropertyDescriptor) => PropertyDescriptor {
  return function idempotentDecorator(_target, _propertyKey, descriptor) {
    const wrapped = makeIdempotent(descriptor.value as AnyFunction, options);
    descriptor.value = function idempotentMethod(this: unknown, ...args: unknown[]) {
      return wrapped.apply(this, args);
    };
    return descriptor;
  };
}

import { IdempotencyConfigError } from './errors.js';
import { IdempotencyConfig } from './idempotency-config.js';
import { runIdempotent, shouldSkipIdempotency } from './idempotency-handler.js';
import type { AnyFunction, Context, ItempotentFunctionOptions, JSONValue } from './types.js';

type ContextLike = Partial<Context> & {
  lambdaContext?: Context;
  durableExecutionMode?: string;
  step?: unknown;
};

// A Lambda context, or a durable execution context (which holds the Lambda context).
function contextOf(argument: unknown): ContextLike | undefined {
  if (argument === null || typeof argument !== 'object') return undefined;
  if ('getRemainingTimeInMillis' in argument || 'step' in argument) return argument as ContextLike;
  return undefined;
}

// As an async function would: runs at once, and a throw becomes a rejection.
async function runNow(invoke: () => unknown): Promise<unknown> {
  return invoke();
}

const STORE_METHODS = [
  'configure',
  'saveInProgress',
  'saveSuccess',
  'deleteRecord',
  'getRecord',
  'processExistingRecord',
];

function isPersistenceStore(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return STORE_METHODS.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}

/** Checks the options passed in code at once (at INIT), naming the field, the value and the rule. */
export function checkIdempotencyOptions(owner: string, options: unknown): IdempotencyConfig {
  if (options === null || typeof options !== 'object') {
    throw new IdempotencyConfigError(owner, 'options', options, 'must be an object with a persistenceStore');
  }
  const { persistenceStore, config, keyPrefix } = options as Record<string, unknown>;
  if (!isPersistenceStore(persistenceStore)) {
    throw new IdempotencyConfigError(
      owner,
      'persistenceStore',
      persistenceStore,
      'must be a persistence layer (DynamoDBPersistenceLayer, or a class extending BasePersistenceLayer)',
    );
  }
  if (config !== undefined && !(config instanceof IdempotencyConfig)) {
    throw new IdempotencyConfigError(owner, 'config', config, 'must be an IdempotencyConfig');
  }
  if (keyPrefix !== undefined && typeof keyPrefix !== 'string') {
    throw new IdempotencyConfigError(owner, 'keyPrefix', keyPrefix, 'must be a string');
  }
  return config ?? new IdempotencyConfig({});
}

/**
 * Makes a function idempotent, as Powertools' makeIdempotent: a Lambda handler (its second argument
 * is the context) is keyed by its event, any other function by its first argument, or the one at
 * `dataIndexArgument`. A repeated payload returns the stored result without running the function;
 * one still running elsewhere throws IdempotencyAlreadyInProgressError; a function that throws
 * deletes its record, so a retry runs again.
 *
 * @example
 * import { makeIdempotent } from '@lambkit/idempotency';
 * import { DynamoDBPersistenceLayer } from '@lambkit/idempotency/dynamodb';
 *
 * const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
 * export const handler = makeIdempotent(async (event: { orderId: string }) => ({ charged: event.orderId }), {
 *   persistenceStore,
 * });
 */
export function makeIdempotent<Func extends AnyFunction>(
  fn: Func,
  options: ItempotentFunctionOptions<Parameters<Func>>,
): (...args: Parameters<Func>) => ReturnType<Func> {
  if (typeof fn !== 'function')
    throw new IdempotencyConfigError('makeIdempotent', 'fn', fn, 'must be a function');
  const config = checkIdempotencyOptions('makeIdempotent', options);
  const { persistenceStore: store, keyPrefix } = options;
  const dataIndex = (options as { dataIndexArgument?: unknown }).dataIndexArgument;
  if (dataIndex !== undefined && !(Number.isInteger(dataIndex) && (dataIndex as number) >= 0)) {
    throw new IdempotencyConfigError(
      'makeIdempotent',
      'dataIndexArgument',
      dataIndex,
      'must be an integer >= 0',
    );
  }
  if (!config.isEnabled()) return fn;
  store.configure({ config, keyPrefix });

  return function idempotentFunction(this: unknown, ...args: Parameters<Func>): ReturnType<Func> {
    const context = contextOf(args[1]);
    const lambdaContext = context === undefined ? undefined : (context.lambdaContext ?? (context as Context));
    const payload = (
      context === undefined && dataIndex !== undefined ? args[dataIndex as number] : args[0]
    ) as JSONValue;
    if (lambdaContext !== undefined) config.registerLambdaContext(lambdaContext);
    const invoke = () => fn.apply(this, args);
    let skip: boolean;
    try {
      skip = shouldSkipIdempotency(config, payload);
    } catch (error) {
      return Promise.reject(error) as ReturnType<Func>; // an async function rejects, never throws
    }
    if (skip) return runNow(invoke) as ReturnType<Func>;
    store.configure({ config, keyPrefix });
    // The invocation's own context, not the one registered on the shared config: under Lambda
    // Managed Instances another invocation may have registered its own meanwhile.
    const timeSource = lambdaContext ?? config.lambdaContext;
    const remaining = timeSource?.getRemainingTimeInMillis?.();
    const isReplay = context?.durableExecutionMode === 'ReplayMode';
    return runIdempotent(store, config, payload, remaining, isReplay, invoke) as ReturnType<Func>;
  };
}

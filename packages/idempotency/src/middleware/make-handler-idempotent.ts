import type { MiddlewareObj, MiddyRequest } from '@lambkit/core';
import {
  CLAIMED,
  claimOrStoredResult,
  releaseKey,
  saveResult,
  shouldSkipIdempotency,
} from '../idempotency-handler.js';
import { checkIdempotencyOptions } from '../make-idempotent.js';
import type { IdempotencyLambdaHandlerOptions, JSONValue } from '../types.js';

// Set on request.internal once this invocation holds the key: only then do `after` and `onError`
// touch the record. A `before` that threw (another invocation holds the key) must not delete it.
const CLAIMED_KEY = 'powertools-for-aws.idempotency.claimed';

// Powertools' keys of the middlewares to clean up after an early return (tracer, metrics, logger),
// which @lambkit/metrics and @lambkit/tracer also set: middy skips their `after` then.
const CLEANUP_KEYS = ['powertools-for-aws.tracer', 'powertools-for-aws.metrics', 'powertools-for-aws.logger'];

async function cleanupMiddlewares(request: MiddyRequest): Promise<void> {
  const internal = request.internal as Record<string, unknown> | undefined;
  if (internal === null || typeof internal !== 'object') return;
  for (const key of CLEANUP_KEYS) {
    const cleanup = internal[key];
    if (typeof cleanup === 'function') await cleanup(request);
  }
}

/**
 * A @middy/core middleware that makes the handler idempotent, as Powertools' makeHandlerIdempotent:
 * a repeated event returns the stored response early (the handler does not run; middlewares that
 * registered a cleanup, as logMetrics, still flush). The handler must return a value other than
 * undefined, a limit of middy's early return; use makeIdempotent otherwise.
 *
 * @example
 * import middy from '@middy/core';
 * import { DynamoDBPersistenceLayer } from '@lambkit/idempotency/dynamodb';
 * import { makeHandlerIdempotent } from '@lambkit/idempotency/middleware';
 *
 * const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
 * export const handler = middy(async (event: { orderId: string }) => ({ charged: event.orderId })).use(
 *   makeHandlerIdempotent({ persistenceStore }),
 * );
 */
export function makeHandlerIdempotent(options: IdempotencyLambdaHandlerOptions): MiddlewareObj {
  const config = checkIdempotencyOptions('makeHandlerIdempotent', options);
  const { persistenceStore: store, keyPrefix } = options;
  store.configure({ config, keyPrefix });

  async function makeHandlerIdempotentBefore(request: MiddyRequest): Promise<unknown> {
    const payload = request.event as JSONValue;
    if (shouldSkipIdempotency(config, payload)) return undefined;
    store.configure({ config, keyPrefix });
    config.registerLambdaContext(request.context);
    const remaining = request.context?.getRemainingTimeInMillis?.();
    const claimed = await claimOrStoredResult(store, config, payload, remaining);
    if (claimed === CLAIMED) {
      request.internal[CLAIMED_KEY] = true;
      return undefined;
    }
    await cleanupMiddlewares(request);
    return claimed;
  }

  async function makeHandlerIdempotentAfter(request: MiddyRequest): Promise<void> {
    if (request.internal?.[CLAIMED_KEY] !== true) return;
    request.internal[CLAIMED_KEY] = false;
    await saveResult(store, request.event as JSONValue, request.response);
  }

  async function makeHandlerIdempotentOnError(request: MiddyRequest): Promise<void> {
    if (request.internal?.[CLAIMED_KEY] !== true) return;
    request.internal[CLAIMED_KEY] = false;
    await releaseKey(store, request.event as JSONValue, request.error);
  }

  return {
    before: makeHandlerIdempotentBefore,
    after: makeHandlerIdempotentAfter,
    onError: makeHandlerIdempotentOnError,
  };
}

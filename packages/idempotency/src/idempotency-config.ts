import { createHash } from 'node:crypto';
import { PowertoolsFunctions } from '@aws-lambda-powertools/jmespath/functions';
import { readEnvBoolean, writeWarning } from '@lambkit/core';
import { IdempotencyConfigError } from './errors.js';
import { checkExpression, type JMESPathSearchOptions } from './jmespath.js';
import type { Context, IdempotencyConfigOptions, ResponseHook } from './types.js';

const OWNER = 'IdempotencyConfig';

// Kept outside the instances: a private member (`#enabled`) would make the class nominal in
// TypeScript, and a config typed by Powertools would not be accepted where lambkit's is. Configs are
// created at INIT, so the set holds a handful of entries at most.
const disabledConfigs = new WeakSet<object>();

function optionalBoolean(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new IdempotencyConfigError(OWNER, field, value, 'must be a boolean');
  return value;
}

function positiveNumber(field: string, value: unknown, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' && Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value));
  if (!ok) {
    throw new IdempotencyConfigError(
      OWNER,
      field,
      value,
      integer ? 'must be a positive integer' : 'must be a positive number',
    );
  }
  return value;
}

function hashFunctionOf(value: unknown): string {
  if (value === undefined) return 'md5';
  try {
    if (typeof value !== 'string') throw new TypeError('not a string');
    createHash(value); // once, at INIT: an unknown algorithm fails here, not on the first event
    return value;
  } catch (error) {
    throw new IdempotencyConfigError(
      OWNER,
      'hashFunction',
      value,
      'must be a hash node:crypto supports (md5, sha256, ...)',
      {
        cause: error,
      },
    );
  }
}

function isDisabledByEnvironment(): boolean {
  const disabled = readEnvBoolean('POWERTOOLS_IDEMPOTENCY_DISABLED', false);
  if (disabled) {
    writeWarning({
      package: '@lambkit/idempotency',
      code: 'IDEMPOTENCY_DISABLED',
      message:
        'POWERTOOLS_IDEMPOTENCY_DISABLED is set: idempotency is off and every call runs the function, repeated events included. Unset it outside local tests.',
      fields: { variable: 'POWERTOOLS_IDEMPOTENCY_DISABLED' },
      onceKey: 'idempotency:disabled',
    });
  }
  return disabled;
}

/**
 * How idempotency keys are taken and records kept, with Powertools' options and defaults. Every
 * option is checked here, once, at INIT: a malformed JMESPath expression, an unknown hash or a
 * non-positive expiry throws IdempotencyConfigError naming it. POWERTOOLS_IDEMPOTENCY_DISABLED=true
 * turns idempotency off, with one warning.
 *
 * @example
 * const config = new IdempotencyConfig({ eventKeyJmesPath: 'powertools_json(body).orderId', expiresAfterSeconds: 3600 });
 */
export class IdempotencyConfig {
  /** JMESPath to the key in the payload; '' hashes the whole payload. */
  eventKeyJmesPath: string;
  /** Seconds a COMPLETED record is honoured. */
  expiresAfterSeconds: number;
  /** The node:crypto hash of keys and payloads. */
  hashFunction: string;
  /** The JMESPath functions expressions may call. */
  jmesPathOptions: JMESPathSearchOptions;
  /** The Lambda context of the current invocation. */
  lambdaContext?: Context;
  /** Records the local cache keeps. */
  maxLocalCacheSize: number;
  /** JMESPath to the part of the payload validated against the stored hash. */
  payloadValidationJmesPath?: string;
  /** Whether a missing key throws IdempotencyKeyError. */
  throwOnNoIdempotencyKey: boolean;
  /** Runs on a stored response before it is returned. */
  responseHook?: ResponseHook;
  /** Whether COMPLETED records are kept in memory too. */
  useLocalCache: boolean;

  constructor(config: IdempotencyConfigOptions = {}) {
    if (config === null || typeof config !== 'object') {
      throw new IdempotencyConfigError(OWNER, 'options', config, 'must be an object');
    }
    const functions = config.jmesPathOptions ?? new PowertoolsFunctions();
    if (functions === null || typeof functions !== 'object') {
      throw new IdempotencyConfigError(OWNER, 'jmesPathOptions', functions, 'must be a Functions instance');
    }
    this.jmesPathOptions = { customFunctions: functions };
    this.eventKeyJmesPath = config.eventKeyJmesPath ?? '';
    if (this.eventKeyJmesPath !== '')
      checkExpression('eventKeyJmesPath', this.eventKeyJmesPath, this.jmesPathOptions);
    if (config.payloadValidationJmesPath !== undefined) {
      checkExpression('payloadValidationJmesPath', config.payloadValidationJmesPath, this.jmesPathOptions);
    }
    this.payloadValidationJmesPath = config.payloadValidationJmesPath;
    this.throwOnNoIdempotencyKey = optionalBoolean(
      'throwOnNoIdempotencyKey',
      config.throwOnNoIdempotencyKey,
      false,
    );
    this.expiresAfterSeconds = positiveNumber('expiresAfterSeconds', config.expiresAfterSeconds, 3600, false);
    this.useLocalCache = optionalBoolean('useLocalCache', config.useLocalCache, false);
    this.maxLocalCacheSize = positiveNumber('maxLocalCacheSize', config.maxLocalCacheSize, 1000, true);
    this.hashFunction = hashFunctionOf(config.hashFunction);
    if (config.responseHook !== undefined && typeof config.responseHook !== 'function') {
      throw new IdempotencyConfigError(OWNER, 'responseHook', config.responseHook, 'must be a function');
    }
    this.lambdaContext = config.lambdaContext;
    this.responseHook = config.responseHook;
    if (isDisabledByEnvironment()) disabledConfigs.add(this);
  }

  /** False when POWERTOOLS_IDEMPOTENCY_DISABLED turned idempotency off. */
  isEnabled(): boolean {
    return !disabledConfigs.has(this);
  }

  /** Keeps the invocation's context, whose remaining time sets the in-progress expiry. */
  registerLambdaContext(context: Context): void {
    this.lambdaContext = context;
  }
}

import type { InvocationState, LambdaContext } from '@lambkit/core';

/**
 * What one Logger knows about one invocation: its context, appended keys, correlation id, sampling
 * decision, log buffer and the cached JSON of the line's constant part. It lives on the invocation
 * state of @lambkit/core, so interleaved invocations never share it.
 */
export interface LoggerScope {
  readonly state: InvocationState;
  /** Whether this invocation logs at DEBUG by sampling. */
  sampled: boolean;
  context: LambdaContext | undefined;
  coldStart: boolean;
  /** The correlation id, already normalized to JSON-safe values; undefined when unset. */
  correlationId: unknown;
  /** Keys from appendKeys, normalized; undefined when none. */
  appended: Record<string, unknown> | undefined;
  /** Appended keys that appendPersistentKeys set again since: the persistent value is written. */
  persistentOver: Set<string> | undefined;
  /**
   * The JSON members from "service" to the last appended key, without braces: the part of the
   * line that stays the same until a key, the context or the correlation id changes.
   */
  prefix: string | undefined;
  /**
   * The base keys in `prefix` (service, context, trace id...) and its persistent and appended keys,
   * each an object to test `key in`: a call's key found in either takes the slow path.
   */
  prefixBase: Record<string, unknown>;
  prefixKeys: Record<string, unknown>;
  /** The Logger's persistent keys version the prefix was built from. */
  prefixVersion: number;
  /** The trace header the prefix was built from. */
  traceHeader: string | undefined;
  /** The log buffer, created by the first buffered line; undefined once written or cleared. */
  buffer: LineBuffer | undefined;
}

/** The lines a Logger holds back in one invocation (see logBufferOptions). */
export interface LineBuffer {
  /** Each line (JSON text with the newline), its level, which decides its stream, and its bytes. */
  lines: { line: string; level: number; size: number }[];
  bytes: number;
  /** Lines evicted to make room since the buffer was created. */
  evicted: number;
}

const SCOPES = Symbol.for('@lambkit/logger.scopes');
const EMPTY_RECORD: Record<string, unknown> = Object.freeze({});

/**
 * The scope of `owner` (a Logger) in `state`, created on first use, and whether it was just created.
 *
 * @example
 * const [scope, created] = scopeIn(getInvocationState(), logger);
 */
export function scopeIn(state: InvocationState, owner: object): [LoggerScope, boolean] {
  let scopes = state[SCOPES] as Map<object, LoggerScope> | undefined;
  if (scopes === undefined) state[SCOPES] = scopes = new Map();
  let scope = scopes.get(owner);
  if (scope !== undefined) return [scope, false];
  scope = {
    state,
    sampled: false,
    context: undefined,
    coldStart: false,
    correlationId: undefined,
    appended: undefined,
    persistentOver: undefined,
    prefix: undefined,
    prefixBase: EMPTY_RECORD,
    prefixKeys: EMPTY_RECORD,
    prefixVersion: -1,
    traceHeader: undefined,
    buffer: undefined,
  };
  scopes.set(owner, scope);
  return [scope, true];
}

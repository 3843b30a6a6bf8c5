import type { LambdaContext } from '@lambkit/core';
import { stringifySafe } from './serialize.js';

/** The JSON members of the persistent and appended keys, and whether one names a base key. */
export interface KeyMembers {
  /** `,"team":"checkout"`, or '' when there are none. */
  json: string;
  /** The keys themselves, to tell a call's key that is already in the line. */
  record: Record<string, unknown>;
  /** A base key (or an array-index name) is among them: the pieces cannot be spliced. */
  namesBaseKey: boolean;
}

/** Which optional base keys a line holds; one shape object per combination. */
const HAS_CONTEXT = 1;
const HAS_TRACE = 2;
const HAS_TENANT = 4;
const HAS_CORRELATION = 8;
const SHAPES: Record<string, unknown>[] = [];

/**
 * An object with the base keys of a line of the given shape, to test `key in` against, as the full
 * record was tested before (a plain `{}`, so inherited names such as "constructor" are in it too).
 */
function baseShape(mask: number): Record<string, unknown> {
  let shape = SHAPES[mask];
  if (shape !== undefined) return shape;
  shape = { service: true };
  if (mask & HAS_CONTEXT) {
    shape.cold_start = true;
    shape.function_arn = true;
    shape.function_memory_size = true;
    shape.function_name = true;
    shape.function_request_id = true;
  }
  shape.sampling_rate = true;
  if (mask & HAS_TRACE) shape.xray_trace_id = true;
  if (mask & HAS_TENANT) shape.tenant_id = true;
  if (mask & HAS_CORRELATION) shape.correlation_id = true;
  SHAPES[mask] = Object.freeze(shape);
  return shape;
}

/**
 * `key` and `value` as one JSON member with its leading comma, serialized at the depth it has in a
 * line (one below the root), so values deeper than MAX_DEPTH are cut where the record cut them.
 */
function member(key: string, value: unknown): string {
  const json = stringifySafe({ [key]: value });
  return json.length > 2 ? `,${json.slice(1, -1)}` : '';
}

/** What a spliced prefix is made of; `base` is the shape object for the caller's `key in` test. */
export interface SplicedPrefix {
  json: string;
  base: Record<string, unknown>;
}

/**
 * Builds a Logger's line prefix from JSON pieces cached across invocations, splicing in only what
 * changes from one invocation to the next: the request id, cold start, the trace id, the tenant id
 * and the correlation id. With a new request id per call, as Lambda gives, serializing a fresh base
 * record for every invocation was 37 % of a warm addContext + one line (~1.4 us); the splice costs
 * two JSON.stringify calls on short strings and a few concatenations. bench/budgets.mjs holds it to
 * its budget: a new invocation and one line cost 0.81-0.87x the prefix serialized afresh.
 *
 * @example
 * const pieces = new PrefixPieces('orders', 0);
 * pieces.splice(scope, '1-5759e988-bd862e3fe1be46a994272793', keyMembers); // { json: '"service":"orders",...', base }
 */
export class PrefixPieces {
  /** `"service":"orders"`: the first member of every line. */
  readonly #head: string;
  /** `,"sampling_rate":0`. */
  readonly #sampling: string;
  // The members from function_arn to the function_request_id key, for the last context seen: the
  // runtime gives a new context object per invocation, with the same function fields.
  #arn: unknown;
  #memory: unknown;
  #name: unknown;
  #contextJson = '';

  constructor(service: string, sampleRate: number) {
    this.#head = JSON.stringify({ service }).slice(1, -1);
    this.#sampling = member('sampling_rate', sampleRate);
  }

  /**
   * The prefix of a line with this context, trace id and keys; undefined when a value is not of the
   * kind the pieces are built for (a context field that is not a string, a key named like a base
   * key), which the record-built prefix handles.
   */
  splice(
    context: LambdaContext | undefined,
    coldStart: boolean,
    traceId: string | undefined,
    correlationId: unknown,
    keys: KeyMembers,
  ): SplicedPrefix | undefined {
    if (keys.namesBaseKey) return undefined;
    let json = this.#head;
    let mask = 0;
    if (context !== undefined) {
      const contextJson = this.#contextMembers(context);
      const requestId = context.awsRequestId;
      if (contextJson === undefined || typeof requestId !== 'string') return undefined;
      json += `,"cold_start":${coldStart}${contextJson}${JSON.stringify(requestId)}`;
      mask |= HAS_CONTEXT;
    }
    json += this.#sampling;
    if (traceId !== undefined && traceId !== '') {
      json += `,"xray_trace_id":${JSON.stringify(traceId)}`;
      mask |= HAS_TRACE;
    }
    const tenantId = context?.tenantId;
    if (tenantId) {
      json += member('tenant_id', tenantId);
      mask |= HAS_TENANT;
    }
    if (correlationId !== undefined) {
      json += member('correlation_id', correlationId);
      mask |= HAS_CORRELATION;
    }
    return { json: json + keys.json, base: baseShape(mask) };
  }

  /** `,"function_arn":...,"function_request_id":` for `context`, rebuilt only when a field changed. */
  #contextMembers(context: LambdaContext): string | undefined {
    const arn = context.invokedFunctionArn;
    const memory = context.memoryLimitInMB as unknown;
    const name = context.functionName;
    if (this.#contextJson !== '' && arn === this.#arn && memory === this.#memory && name === this.#name) {
      return this.#contextJson;
    }
    if (typeof arn !== 'string' || typeof name !== 'string') return undefined;
    if (typeof memory !== 'string' && typeof memory !== 'number') return undefined;
    this.#arn = arn;
    this.#memory = memory;
    this.#name = name;
    // As Powertools: the memory size as the context holds it (the runtime gives a string).
    this.#contextJson = `,"function_arn":${JSON.stringify(arn)},"function_memory_size":${JSON.stringify(memory)},"function_name":${JSON.stringify(name)},"function_request_id":`;
    return this.#contextJson;
  }
}

/**
 * The JSON members of `keys` (persistent and appended keys, already normalized and merged). A key
 * named like a base key (service, function_request_id, ...) changes a value in the middle of the
 * line: such a prefix is built from the whole record instead of from pieces.
 *
 * @example
 * keyMembers({ team: 'checkout' }); // { json: ',"team":"checkout"', record, namesBaseKey: false }
 */
export function keyMembers(keys: Record<string, unknown>): KeyMembers {
  const names = Object.keys(keys);
  // An array-index name ("0", "42") comes first in any object, so in the record-built line it went
  // before "service": such keys take that path, and the line stays the same byte for byte.
  const first = names[0];
  let namesBaseKey = first !== undefined && isIndexName(first);
  // The shape with every optional key holds all the base keys; Object.hasOwn, as "constructor" is none.
  const all = baseShape(HAS_CONTEXT | HAS_TRACE | HAS_TENANT | HAS_CORRELATION);
  for (const key of names) if (Object.hasOwn(all, key)) namesBaseKey = true;
  const json = stringifySafe(keys);
  return { json: json.length > 2 ? `,${json.slice(1, -1)}` : '', record: keys, namesBaseKey };
}

/** Whether `name` is an array index, which objects list before their other keys. */
function isIndexName(name: string): boolean {
  const code = name.charCodeAt(0);
  return code >= 48 && code <= 57 && String(Number(name) >>> 0) === name && name !== '4294967295';
}

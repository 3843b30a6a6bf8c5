import { LoggerOptionError } from './errors.js';
import { errorText } from './serialize.js';

/** One step of a path: an object key, an array index (as a string), or a wildcard (see parsePath). */
export type PathSegment = string | symbol;

/**
 * Turns a wildcard of a path (`*`, `[*]` or `**`, unquoted) into a segment, or rejects it with
 * `fail(rule)`, which names the character it is at.
 */
export type WildcardSegment = (
  name: '*' | '**',
  segments: readonly PathSegment[],
  fail: (rule: string) => never,
) => PathSegment;

const SEGMENT_END = /[.[]/;

/**
 * Parses a path such as `requestContext.requestId`, `headers."x-amzn-trace-id"` or `items[0].id`.
 * A key containing dots or brackets is written quoted, either `a."b.c"` (the JMESPath form
 * Powertools' constants use) or `a["b.c"]`. Wildcards (`*`, `[*]`, `**`) are rejected unless
 * `wildcard` gives their segment (redaction paths). Throws LoggerOptionError naming the option,
 * the path and what is wrong.
 *
 * @example
 * parsePath('correlationIdPath', 'headers."x-amzn-trace-id"'); // ['headers', 'x-amzn-trace-id']
 */
export function parsePath(option: string, path: unknown, wildcard?: WildcardSegment): PathSegment[] {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new LoggerOptionError(
      option,
      path,
      'expected a non-empty dot path such as "requestContext.requestId"',
    );
  }
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (rule: string): never => {
    throw new LoggerOptionError(option, path, `${rule} at character ${i + 1}`);
  };
  const wild = (name: '*' | '**'): PathSegment =>
    wildcard === undefined ? fail('wildcards are not allowed in this path') : wildcard(name, segments, fail);
  while (i < path.length) {
    const char = path[i];
    if (char === '[') {
      const end = path.indexOf(']', i);
      if (end === -1) fail('unclosed "["');
      const inner = path.slice(i + 1, end).trim();
      if (inner === '*') segments.push(wild('*'));
      else if (/^\d+$/.test(inner)) segments.push(inner);
      else if (/^(["']).*\1$/.test(inner)) segments.push(inner.slice(1, -1));
      else fail('expected an index, "*" or a quoted key inside "[...]"');
      i = end + 1;
    } else if (char === '"') {
      const end = path.indexOf('"', i + 1);
      if (end === -1) fail('unclosed quote');
      segments.push(path.slice(i + 1, end));
      i = end + 1;
    } else {
      const rest = path.slice(i);
      const length = rest.search(SEGMENT_END);
      const name = length === -1 ? rest : rest.slice(0, length);
      if (name === '') fail('empty segment');
      segments.push(name === '*' || name === '**' ? wild(name) : name);
      i += name.length;
    }
    if (i < path.length) {
      if (path[i] === '.') {
        i++;
        if (i === path.length) fail('empty segment');
      } else if (path[i] !== '[') fail('expected "." or "["');
    }
  }
  return segments;
}

/**
 * Follows parsed segments into `data`; undefined where the path does not exist. A member that
 * throws when read (a getter, a revoked Proxy) ends the walk with "[Getter threw: ...]".
 *
 * @example
 * followPath(['requestContext', 'requestId'], event); // 'c6af9ac6-...'
 */
export function followPath(segments: readonly PathSegment[], data: unknown): unknown {
  let current = data;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || typeof segment !== 'string') return undefined;
    try {
      current = (current as Record<string, unknown>)[segment];
    } catch (error) {
      return `[Getter threw: ${errorText(error)}]`;
    }
  }
  return current;
}

// Each path parsed once: correlation paths are a few constants, looked up in every invocation.
// Bounded, for a caller that builds expressions on the fly.
const parsedPaths = new Map<string, PathSegment[]>();
const MAX_PARSED_PATHS = 256;

/**
 * Reads the value at a dot path in `data`, the search used for correlation ids when no
 * `correlationIdSearchFn` is given. Its signature is Powertools' `search(expression, data)`, so it
 * fits `correlationIdSearchFn` too.
 *
 * @example
 * search('requestContext.requestId', event); // 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef'
 */
export function search(expression: string, data: unknown): unknown {
  let segments = parsedPaths.get(expression);
  if (segments === undefined) {
    segments = parsePath('correlationIdPath', expression);
    if (parsedPaths.size >= MAX_PARSED_PATHS) parsedPaths.clear();
    parsedPaths.set(expression, segments);
  }
  return followPath(segments, data);
}

/**
 * Where common AWS events carry a correlation id, for `correlationIdPath`. The strings are the
 * same as Powertools' constants.
 *
 * @example
 * middy(handler).use(injectLambdaContext(logger, { correlationIdPath: correlationPaths.API_GATEWAY_REST }));
 */
export const correlationPaths = {
  /** API Gateway REST API: the request id. */
  API_GATEWAY_REST: 'requestContext.requestId',
  /** API Gateway HTTP API: the request id. */
  API_GATEWAY_HTTP: 'requestContext.requestId',
  /** AppSync Lambda authorizer: the request id. */
  APPSYNC_AUTHORIZER: 'requestContext.requestId',
  /** AppSync resolver: the X-Ray trace header. */
  APPSYNC_RESOLVER: 'request.headers."x-amzn-trace-id"',
  /** Application Load Balancer: the X-Ray trace header. */
  APPLICATION_LOAD_BALANCER: 'headers."x-amzn-trace-id"',
  /** EventBridge: the event id. */
  EVENT_BRIDGE: 'id',
  /** Lambda function URL: the request id. */
  LAMBDA_FUNCTION_URL: 'requestContext.requestId',
  /** S3 Object Lambda: the request id. */
  S3_OBJECT_LAMBDA: 'xAmzRequestId',
  /** VPC Lattice: the X-Ray trace header. */
  VPC_LATTICE: 'headers."x-amzn-trace-id"',
} as const;

import { LoggerOptionError } from './errors.js';
import { parsePath, type WildcardSegment } from './path.js';
import { setMember } from './serialize.js';

/**
 * What a redacted value is replaced with.
 *
 * @example
 * expect(line.password).toBe(REDACTED); // '[REDACTED]'
 */
export const REDACTED = '[REDACTED]';

/**
 * What `redact(paths)` returns and the Logger's `redact` option takes: `value` with every matching
 * path replaced by "[REDACTED]", the caller's objects left as they are.
 *
 * @example
 * const hide: Redaction = redact(['password']);
 */
export type Redaction = (value: unknown) => unknown;

/**
 * Compiles redaction paths for the Logger's `redact` option (relative to the line: `password`,
 * `headers.authorization`, `*.secret`, `items[*].card`, `**.password`). It lives at its own subpath
 * so a Logger without redaction does not carry the code. Throws LoggerOptionError naming a bad path.
 *
 * @example
 * import { redact } from '@lambkit/logger/redact';
 * const logger = new Logger({ redact: redact(['password', 'headers.authorization', '**.token']) });
 */
export function redact(paths: string[]): Redaction {
  const node = compileRedaction(paths);
  return node === undefined ? (value) => value : (value) => redactValue(value, node);
}

/** A path segment that matches every key or index at its level (`*`, `[*]`). */
const ANY = Symbol('any');

/**
 * A path segment that matches any number of levels, none included (`**`): `**.password` is the key
 * `password` at any depth.
 */
const DEEP = Symbol('deep');

/** One step of a redaction path: a key, an array index (as a string), ANY or DEEP. */
type PathSegment = string | typeof ANY | typeof DEEP;

/** `*` and `**` as redaction paths take them; `**` twice in a row is rejected. */
const wildcard: WildcardSegment = (name, segments, fail) => {
  if (name === '*') return ANY;
  if (segments.at(-1) === DEEP) fail('"**" twice in a row');
  return DEEP;
};

/**
 * The segments of a redaction path. Throws LoggerOptionError naming the path and the rule, as
 * parsePath does, for a path that ends with `**`.
 */
function parseRedactPath(path: unknown): PathSegment[] {
  // The only symbols in the segments are those `wildcard` gives.
  const segments = parsePath('redact', path, wildcard) as PathSegment[];
  if (segments.at(-1) === DEEP) {
    const at = (path as string).length + 1;
    const rule = `"**" must be followed by a key (as in "**.password") at character ${at}`;
    throw new LoggerOptionError('redact', path, rule);
  }
  return segments;
}

/**
 * The redaction paths compiled at INIT into a table walked once per value that may hold a match:
 * each node says what the keys one level down lead to, whichever patterns they come from (`*`, `**`
 * and named keys together), so the walk never tracks more than one node per level.
 */
export interface RedactNode {
  /** A path ends here: the value at this node is replaced. */
  leaf: boolean;
  /** The node each key named by some path leads to, as written. */
  named: Map<string, RedactNode>;
  /** The same keyed in lower case, for keys inside a header map. */
  lowerNamed: Map<string, RedactNode>;
  /** The node any other key leads to (from `*` and `**`); null when no path goes on below. */
  other: RedactNode | null;
}

/** One step of one or more paths, as written: the tree the RedactNode table is built from. */
interface Step {
  id: number;
  leaf: boolean;
  children: Map<string, Step>;
  /** The step after a `*` here. */
  any: Step | undefined;
  /** The step after a `**` here: it applies at this level and at every level below. */
  deep: Step | undefined;
  /** This step follows a `**`: it stays active at every level below. */
  recursive: boolean;
}

// Keys whose value is a map of HTTP headers, whose names are case-insensitive (RFC 9110): API
// Gateway REST APIs pass them as the client sent them ("Authorization"), HTTP APIs in lower case.
const HEADER_MAPS: ReadonlySet<PathSegment> = new Set(['headers', 'multiValueHeaders']);

/**
 * Compiles `redact` paths (relative to the log line: `password`, `headers.authorization`,
 * `*.secret`, `items[*].card`, `**.password`). Throws LoggerOptionError naming the bad path.
 *
 * @example
 * const tree = compileRedaction(['password', 'headers.authorization', '**.token']);
 */
export function compileRedaction(paths: unknown): RedactNode | undefined {
  if (!Array.isArray(paths)) throw new LoggerOptionError('redact', paths, 'expected an array of dot paths');
  if (paths.length === 0) return undefined;
  let ids = 0;
  const newStep = (recursive: boolean): Step => ({
    id: ids++,
    leaf: false,
    children: new Map(),
    any: undefined,
    deep: undefined,
    recursive,
  });
  const root = newStep(false);
  for (const path of paths) {
    for (const segments of withHeaderTwins(parseRedactPath(path))) {
      let step = root;
      for (const segment of segments) {
        if (segment === ANY) step = step.any ??= newStep(false);
        else if (segment === DEEP) step = step.deep ??= newStep(true);
        else {
          let child = step.children.get(segment);
          if (child === undefined) step.children.set(segment, (child = newStep(false)));
          step = child;
        }
      }
      step.leaf = true;
    }
  }
  return buildTable(root);
}

/**
 * `segments` and the places the same header is also found. API Gateway REST APIs and ALBs with
 * multi-value headers send each header twice, in `headers` and `multiValueHeaders`; HTTP APIs and
 * function URLs move the Cookie header to `cookies`. A path naming a header redacts all of them, so
 * `event.headers.cookie` does not leak the same secret one key further.
 */
function withHeaderTwins(segments: PathSegment[]): PathSegment[][] {
  const all = [segments];
  for (let i = 1; i < segments.length; i++) {
    const map = segments[i - 1];
    const header = segments[i];
    if (map === undefined || !HEADER_MAPS.has(map) || typeof header !== 'string') continue;
    const twin = map === 'headers' ? 'multiValueHeaders' : 'headers';
    all.push([...segments.slice(0, i - 1), twin, ...segments.slice(i)]);
    if (header.toLowerCase() === 'cookie' && i + 1 === segments.length) {
      all.push([...segments.slice(0, i - 1), 'cookies']);
    }
  }
  return all;
}

/**
 * Turns the tree of steps into RedactNodes, one per set of steps that can be active together (the
 * subset construction of a finite automaton), so `**` costs no bookkeeping while walking a value.
 */
function buildTable(root: Step): RedactNode {
  const nodes = new Map<string, RedactNode>();
  const pending: [RedactNode, Step[]][] = [];
  // The node of a non-empty set of steps (a key a step names always leads somewhere).
  const nodeFor = (steps: Step[]): RedactNode => {
    const signature = steps.map((step) => step.id).join(',');
    let node = nodes.get(signature);
    if (node === undefined) {
      node = { leaf: steps.some((step) => step.leaf), named: new Map(), lowerNamed: new Map(), other: null };
      nodes.set(signature, node);
      pending.push([node, steps]);
    }
    return node;
  };
  const nodeOf = (steps: Step[]): RedactNode | null => (steps.length === 0 ? null : nodeFor(steps));
  const start = nodeFor(withDeep([root]));
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    // A leaf's value is replaced whole, so its table is never read; building it costs INIT only.
    const [node, steps] = entry;
    node.other = nodeOf(next(steps, () => false));
    for (const step of steps) {
      for (const key of step.children.keys()) {
        // A key named by several steps gets the same node each time (nodeOf keeps one per set).
        node.named.set(key, nodeFor(next(steps, (name) => name === key)));
        const lower = key.toLowerCase();
        node.lowerNamed.set(lower, nodeFor(next(steps, (name) => name.toLowerCase() === lower)));
      }
    }
  }
  return start;
}

/** The steps active one level below `steps`, for a key that `matches` names or not. */
function next(steps: Step[], matches: (name: string) => boolean): Step[] {
  const out = new Set<Step>();
  for (const step of steps) {
    for (const [name, child] of step.children) if (matches(name)) out.add(child);
    if (step.any !== undefined) out.add(step.any);
    if (step.recursive) out.add(step);
  }
  return withDeep([...out]);
}

/** `steps` and the steps after their `**`, which also apply at their own level; sorted by id. */
function withDeep(steps: Step[]): Step[] {
  const all = new Set(steps);
  for (const step of all) if (step.deep !== undefined) all.add(step.deep);
  return [...all].sort((a, b) => a.id - b.id);
}

/**
 * `value` with every matching path replaced by "[REDACTED]". Objects along a match are copied, so
 * the caller's objects are never modified; values with no match are returned as they are. Keys
 * inside a `headers` or `multiValueHeaders` object match whatever their case.
 *
 * @example
 * redactValue({ password: 'p', user: 'ada' }, compileRedaction(['password'])!); // { password: '[REDACTED]', user: 'ada' }
 */
export function redactValue(value: unknown, node: RedactNode): unknown {
  return redactIn(value, node, false);
}

function redactIn(value: unknown, node: RedactNode, headerMap: boolean): unknown {
  if (node.leaf) return REDACTED;
  if (typeof value !== 'object' || value === null) return value;
  let copy: Record<string, unknown> | undefined;
  if (node.other === null && !headerMap) {
    // Only named keys can match: probe them rather than list every key of a large object. Only the
    // keys Object.keys lists are written: an array's length is not one (setting it would throw).
    for (const [key, child] of node.named) {
      if (Object.prototype.propertyIsEnumerable.call(value, key))
        copy = replaceMember(value, copy, key, child);
    }
    return copy ?? value;
  }
  const table = headerMap ? node.lowerNamed : node.named;
  for (const key of Object.keys(value)) {
    const child = table.get(headerMap ? key.toLowerCase() : key) ?? node.other;
    if (child !== null) copy = replaceMember(value, copy, key, child);
  }
  return copy ?? value;
}

function replaceMember(
  value: object,
  copy: Record<string, unknown> | undefined,
  key: string,
  node: RedactNode,
): Record<string, unknown> | undefined {
  const current = (value as Record<string, unknown>)[key];
  const next = redactIn(current, node, HEADER_MAPS.has(key));
  if (next === current) return copy;
  const target: Record<string, unknown> =
    copy ?? (Array.isArray(value) ? (value.slice() as never) : { ...(value as Record<string, unknown>) });
  setMember(target, key, next);
  return target;
}

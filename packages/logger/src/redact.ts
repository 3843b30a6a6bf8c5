import { LoggerOptionError } from './errors.js';
import { ANY, parsePath } from './path.js';
import { setMember } from './serialize.js';

/**
 * What a redacted value is replaced with.
 *
 * @example
 * expect(line.password).toBe(REDACTED); // '[REDACTED]'
 */
export const REDACTED = '[REDACTED]';

/** The redaction paths compiled into a tree, walked once per value that may hold a match. */
export interface RedactNode {
  /** A path ends here: the value at this node is replaced. */
  leaf: boolean;
  children: Map<string, RedactNode> | undefined;
  /** The node of a `*` segment: it applies to every key or index. */
  any: RedactNode | undefined;
}

function newNode(): RedactNode {
  return { leaf: false, children: undefined, any: undefined };
}

/**
 * Compiles `redact` paths (relative to the log line: `password`, `headers.authorization`,
 * `*.secret`, `items[*].card`). Throws LoggerOptionError naming the bad path.
 *
 * @example
 * const tree = compileRedaction(['password', 'headers.authorization']);
 */
export function compileRedaction(paths: unknown): RedactNode | undefined {
  if (paths === undefined) return undefined;
  if (!Array.isArray(paths)) throw new LoggerOptionError('redact', paths, 'expected an array of dot paths');
  if (paths.length === 0) return undefined;
  const root = newNode();
  for (const path of paths) {
    let node = root;
    for (const segment of parsePath('redact', path, true)) {
      if (segment === ANY) node = node.any ??= newNode();
      else {
        node.children ??= new Map();
        let child = node.children.get(segment);
        if (child === undefined) node.children.set(segment, (child = newNode()));
        node = child;
      }
    }
    node.leaf = true;
  }
  return root;
}

/**
 * `value` with every matching path replaced by "[REDACTED]". Objects along a match are copied, so
 * the caller's objects are never modified; values with no match are returned as they are.
 *
 * @example
 * redactValue({ password: 'p', user: 'ada' }, compileRedaction(['password'])!); // { password: '[REDACTED]', user: 'ada' }
 */
export function redactValue(value: unknown, node: RedactNode): unknown {
  if (node.leaf) return REDACTED;
  if (typeof value !== 'object' || value === null) return value;
  let copy: Record<string, unknown> | undefined;
  if (node.children !== undefined) {
    for (const [key, child] of node.children) {
      if (!Object.hasOwn(value, key)) continue;
      copy = replaceMember(value, copy, key, child);
    }
  }
  if (node.any !== undefined) {
    for (const key of Object.keys(value)) copy = replaceMember(value, copy, key, node.any);
  }
  return copy ?? value;
}

function replaceMember(
  value: object,
  copy: Record<string, unknown> | undefined,
  key: string,
  node: RedactNode,
): Record<string, unknown> | undefined {
  const current = ((copy ?? value) as Record<string, unknown>)[key];
  const next = redactValue(current, node);
  if (next === current) return copy;
  copy ??= Array.isArray(value) ? (value.slice() as never) : { ...(value as Record<string, unknown>) };
  setMember(copy!, key, next);
  return copy;
}

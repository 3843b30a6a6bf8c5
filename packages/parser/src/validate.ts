import { isThenable } from '@lambkit/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describeType, ParseError, type PathSegment } from './errors.js';

/** Any schema that implements Standard Schema v1: Zod 3.24+ and 4, Valibot 1, ArkType 2, ... */
export type Schema<Output = unknown> = StandardSchemaV1<unknown, Output>;

/** The type a schema produces. */
export type SchemaOutput<S extends StandardSchemaV1> = StandardSchemaV1.InferOutput<S>;

/**
 * Runs the schema on `value` and returns its output, or throws a ParseError whose path is the first
 * issue's path inside `value` (envelopes prefix it with the record's path).
 *
 * @example
 * validate(orderSchema, JSON.parse(body)); // the order, or a ParseError at 'total'
 */
export function validate<S extends StandardSchemaV1>(schema: S, value: unknown): SchemaOutput<S> {
  const result = schema['~standard'].validate(value);
  if (isThenable(result)) throw asyncSchemaError(result);
  const { issues } = result as StandardSchemaV1.Result<SchemaOutput<S>>;
  if (issues !== undefined) throw issuesToError(issues, value);
  return (result as StandardSchemaV1.SuccessResult<SchemaOutput<S>>).value;
}

/**
 * Asserts that `value` is a Standard Schema, so a wrong argument fails when the parser is set up,
 * not on the first event.
 *
 * @example
 * assertSchema(z.object({}), 'schema');
 */
export function assertSchema(value: unknown, name: string): asserts value is StandardSchemaV1 {
  const props = (value as { '~standard'?: { validate?: unknown } } | null | undefined)?.['~standard'];
  if (typeof props?.validate !== 'function') {
    throw new TypeError(
      `parser: ${name} must be a Standard Schema (Zod, Valibot, ArkType, ...), got ${describeType(value)}`,
    );
  }
}

function asyncSchemaError(pending: unknown): ParseError {
  // Nobody will await it; a rejection must not surface as an unhandled one.
  (pending as Promise<unknown>).then(undefined, () => {});
  return new ParseError({
    reason:
      'the schema returned a promise (an async refinement or transform, or with Zod a transform that threw); the parser runs schemas synchronously',
  });
}

/**
 * Builds the ParseError for a schema's issues. Types come from the data (`describeType` of the value at
 * the issue's path), and messages are rebuilt from the issue's structured fields: Valibot quotes the
 * received value in its messages and puts the whole input in its paths, and neither may reach a log.
 */
function issuesToError(issues: readonly StandardSchemaV1.Issue[], value: unknown): ParseError {
  const summaries = issues.map((issue) => summarizeIssue(issue, value));
  const first = summaries[0];
  // Standard Schema gives a failure at least one issue; a schema that breaks that rule is named.
  if (first === undefined) throw new TypeError('the schema reported a failure without any issue');
  return new ParseError({
    path: first.path,
    expected: first.expected,
    reason: first.expected === undefined ? first.rule : undefined,
    received: first.received,
    issues: summaries.map(({ message, path }) => ({ message, path })),
  });
}

interface IssueSummary {
  message: string;
  path: PathSegment[];
  expected: string | undefined;
  rule: string;
  received: string | undefined;
}

function summarizeIssue(issue: StandardSchemaV1.Issue, value: unknown): IssueSummary {
  const path = issuePath(issue);
  const found = valueAt(value, path);
  const received = found === UNREACHABLE ? receivedFromMessage(issue) : describeType(found);
  const declared = (issue as { expected?: unknown }).expected;
  const expected = isMissingKey(issue)
    ? 'a value'
    : typeof declared === 'string' && isTypeName(declared)
      ? declared
      : undefined;
  const rule = expected === undefined ? ruleOf(issue, declared) : `expected ${expected}`;
  const message = received === undefined ? rule : `${rule}, received ${received}`;
  return { message, path, expected, rule, received };
}

// Names a schema library reports for a type mismatch (Zod and Valibot both say 'number', 'string', ...).
const TYPE_NAMES = new Set([
  'string',
  'number',
  'boolean',
  'bigint',
  'symbol',
  'undefined',
  'null',
  'object',
  'array',
  'date',
  'int',
  'integer',
  'function',
  'map',
  'set',
  'never',
  'Array',
  'Object',
  'Date',
]);

function isTypeName(expected: string): boolean {
  return TYPE_NAMES.has(expected);
}

/** Valibot issues carry `kind` ('schema' | 'validation' | 'transformation') and `type`. */
function isValibotIssue(issue: StandardSchemaV1.Issue): issue is StandardSchemaV1.Issue & {
  kind: string;
  type: string;
} {
  const candidate = issue as { kind?: unknown; type?: unknown };
  return typeof candidate.kind === 'string' && typeof candidate.type === 'string';
}

/** Valibot reports a required key that is absent with the key itself as `expected` ('"total"'). */
function isMissingKey(issue: StandardSchemaV1.Issue): boolean {
  if (!isValibotIssue(issue)) return false;
  const last = issue.path?.[issue.path.length - 1] as { origin?: unknown } | undefined;
  return last?.origin === 'key';
}

function ruleOf(issue: StandardSchemaV1.Issue, declared: unknown): string {
  if (!isValibotIssue(issue)) return issue.message;
  if (typeof declared === 'string') return `expected ${declared}`;
  return `failed the ${issue.type} check`;
}

function issuePath(issue: StandardSchemaV1.Issue): PathSegment[] {
  const out: PathSegment[] = [];
  if (issue.path === undefined) return out;
  for (const segment of issue.path) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    out.push(typeof key === 'number' ? key : String(key));
  }
  return out;
}

// The issue's path leads into a value the schema made itself (JSON it parsed, a transform's output),
// so the input has nothing there to describe.
const UNREACHABLE = Symbol('unreachable');

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return UNREACHABLE;
    if (node instanceof Map) node = node.get(key);
    else node = Object.hasOwn(node, key) ? (node as Record<PathSegment, unknown>)[key] : undefined;
  }
  return node;
}

/**
 * The received type as the library's message names it ("expected number, received string"), taken
 * only when it is a type name, so no value can come through.
 */
function receivedFromMessage(issue: StandardSchemaV1.Issue): string | undefined {
  const named = /received (\w+)$/.exec(issue.message)?.[1];
  return named !== undefined && TYPE_NAMES.has(named) ? named : undefined;
}

/** One segment of a path into an event: an object key or an array index. */
export type PathSegment = string | number;

/** One problem a schema reported: a message built from its rule and types (never the value) and its path. */
export interface ParseIssue {
  readonly message: string;
  readonly path?: readonly PathSegment[] | undefined;
}

/** What a {@link ParseError} knows about the bad field. */
export interface ParseErrorOptions {
  /** Segments of the path to the bad field, from the event root: `['Records', 3, 'body', 'total']`. */
  path?: readonly PathSegment[];
  /** Index of the record inside the envelope (Records[i], records[i], logEvents[i]), when there is one. */
  recordIndex?: number;
  /** The type or rule the field had to match, e.g. `number`, `JSON`, `base64`, `gzip`. */
  expected?: string;
  /** The type the field had, e.g. `string`, `undefined`, `array`. Never the value itself. */
  received?: string;
  /**
   * The rule that failed, in words, when it is not a type mismatch (a schema's own message such as
   * `Too small: expected number to be >=1`).
   */
  reason?: string;
  /** Every issue the schema reported, for callers that want them all. */
  issues?: readonly ParseIssue[];
  /** The underlying error (a SyntaxError from JSON.parse, a zlib error, ...). */
  cause?: unknown;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats path segments the way a reader writes them in code: `Records[3].body.total`.
 *
 * @example
 * formatPath(['Records', 3, 'body', 'total']); // 'Records[3].body.total'
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

// Re-exported: @lambkit/parser has exported it since before it moved to @lambkit/core.
export { describeType } from '@lambkit/core';

/**
 * What went wrong, without where: `expected number, received string`, or the failed rule.
 *
 * @example
 * describeProblem({ expected: 'JSON', received: 'string that is not valid JSON' });
 */
export function describeProblem(
  options: Pick<ParseErrorOptions, 'expected' | 'received' | 'reason'>,
): string | undefined {
  if (options.reason !== undefined) {
    return options.received === undefined
      ? options.reason
      : `${options.reason} (received ${options.received})`;
  }
  if (options.expected !== undefined) {
    return options.received === undefined
      ? `expected ${options.expected}`
      : `expected ${options.expected}, received ${options.received}`;
  }
  return options.received === undefined ? undefined : `received ${options.received}`;
}

function buildMessage(path: string, options: ParseErrorOptions): string {
  const where = path === '' ? 'the event' : path;
  const problem = describeProblem(options);
  let message = problem === undefined ? `Invalid input at ${where}` : `Invalid input at ${where}: ${problem}`;
  if (options.recordIndex !== undefined) message += ` (record ${options.recordIndex})`;
  return message;
}

/**
 * The error every parse failure becomes: it names the bad field (`path`), the record inside an
 * envelope (`recordIndex`), and the expected and received types. It never carries the event or the
 * field's value, so a secret in a payload does not end up in a log line.
 *
 * @example
 * try {
 *   parse(event, SqsEnvelope, orderSchema);
 * } catch (error) {
 *   if (error instanceof ParseError) console.log(error.path, error.recordIndex); // 'Records[3].body.total' 3
 * }
 */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  /** The path to the bad field, e.g. `Records[3].body.total`; `''` for the event itself. */
  readonly path: string;
  /** The same path as segments, e.g. `['Records', 3, 'body', 'total']`. */
  readonly pathSegments: readonly PathSegment[];
  /** Index of the record inside the envelope, when the failure is inside one record. */
  readonly recordIndex: number | undefined;
  /** The type or rule the field had to match. */
  readonly expected: string | undefined;
  /** The type the field had (never its value). */
  readonly received: string | undefined;
  /** The rule that failed, when it is not a type mismatch. */
  readonly reason: string | undefined;
  /** Every issue the schema reported (empty when the failure came from decoding). */
  readonly issues: readonly ParseIssue[];

  /**
   * Builds the error from what is known about the bad field. Powertools' form, `new ParseError(message,
   * { cause })`, is accepted too: the message is kept as given and the path is empty.
   */
  constructor(options?: ParseErrorOptions);
  constructor(message: string, options?: ErrorOptions);
  constructor(messageOrOptions: string | ParseErrorOptions = {}, errorOptions?: ErrorOptions) {
    const options = typeof messageOrOptions === 'string' ? { cause: errorOptions?.cause } : messageOrOptions;
    // A copy: decoders pass the one path array they push to and pop from.
    const pathSegments = options.path === undefined ? [] : options.path.slice();
    const path = formatPath(pathSegments);
    const message = typeof messageOrOptions === 'string' ? messageOrOptions : buildMessage(path, options);
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.path = path;
    this.pathSegments = pathSegments;
    this.recordIndex = options.recordIndex;
    this.expected = options.expected;
    this.received = options.received;
    this.reason = options.reason;
    this.issues = options.issues ?? [];
  }

  /**
   * The same error, placed under a prefix path (and a record index when it has none yet). Envelopes use
   * it to turn a failure inside one body into `Records[3].body.total`.
   *
   * @example
   * error.withPrefix(['Records', 3, 'body'], 3);
   */
  withPrefix(prefix: readonly PathSegment[], recordIndex?: number): ParseError {
    if (prefix.length === 0 && (recordIndex === undefined || this.recordIndex !== undefined)) return this;
    return new ParseError({
      path: [...prefix, ...this.pathSegments],
      recordIndex: this.recordIndex ?? recordIndex,
      expected: this.expected,
      received: this.received,
      reason: this.reason,
      issues: this.issues.map((issue) => ({
        message: issue.message,
        path: [...prefix, ...(issue.path ?? [])],
      })),
      cause: this.cause,
    });
  }
}

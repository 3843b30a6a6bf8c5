/**
 * The base of every error the batch utility throws or records.
 *
 * @example
 * if (error instanceof BatchProcessingError) console.error(error.name);
 */
export class BatchProcessingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BatchProcessingError';
  }
}

/**
 * Every record of the batch failed. Thrown instead of returning them all, so the invocation fails
 * (unless `throwOnFullBatchFailure` is false). `recordErrors` holds one error per record, in record
 * order.
 *
 * @example
 * try { await processPartialResponse(event, handler, processor, { context }); }
 * catch (error) { if (error instanceof FullBatchFailureError) console.error(error.recordErrors); }
 */
export class FullBatchFailureError extends BatchProcessingError {
  readonly recordErrors: Error[];
  constructor(recordErrors: Error[]) {
    super('All records failed processing. See individual errors below.');
    this.name = 'FullBatchFailureError';
    this.recordErrors = recordErrors;
  }
}

/**
 * The event is not a batch of the processor's type. `found` names what was there instead.
 *
 * @example
 * // new BatchProcessor(EventType.SQS) given a Kinesis event:
 * // Unexpected batch type: expected SQS records (eventSource "aws:sqs"), found KinesisDataStreams (eventSource "aws:kinesis") at Records[0]
 */
export class UnexpectedBatchTypeError extends BatchProcessingError {
  /** The processor's event type. */
  readonly expected: string;
  /** What the event held instead. */
  readonly found: string;
  /** The index of the first record of the wrong type, when the event had records. */
  readonly recordIndex: number | undefined;
  constructor(expected?: string, found?: string, recordIndex?: number) {
    const where = recordIndex === undefined ? '' : ` at Records[${recordIndex}]`;
    super(
      expected === undefined
        ? 'Unexpected batch type. Possible values are: SQS, KinesisDataStreams, DynamoDBStreams'
        : `Unexpected batch type: expected ${expected}, found ${found ?? 'something else'}${where}`,
    );
    this.name = 'UnexpectedBatchTypeError';
    this.expected = expected ?? 'SQS, KinesisDataStreams or DynamoDBStreams records';
    this.found = found ?? 'something else';
    this.recordIndex = recordIndex;
  }
}

/**
 * A record failed the schema of a processor configured with `parser` (from `@lambkit/batch/parser`).
 * The message lists each issue as `path: message` (`body.age: Invalid input: expected number, received
 * string`), as Powertools does; it never quotes the record.
 *
 * @example
 * const onRecordFailure = (record, error) => { if (error instanceof ParsingError) logger.warn(error.message); };
 */
export class ParsingError extends BatchProcessingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ParsingError';
  }
}

/**
 * Recorded for the records of a FIFO batch after the first failure: they were not processed, to
 * keep the queue's order.
 *
 * @example
 * error.recordErrors.filter((e) => e instanceof SqsFifoShortCircuitError).length;
 */
export class SqsFifoShortCircuitError extends BatchProcessingError {
  constructor() {
    super(
      'A previous record failed processing. The remaining records were not processed to avoid out-of-order delivery.',
    );
    this.name = 'SqsFifoShortCircuitError';
  }
}

/**
 * Recorded, with `skipGroupOnError`, for the records of a message group after that group's first
 * failure: they were not processed, to keep the group's order.
 *
 * @example
 * error.recordErrors.some((e) => e instanceof SqsFifoMessageGroupShortCircuitError);
 */
export class SqsFifoMessageGroupShortCircuitError extends BatchProcessingError {
  constructor() {
    super('A previous record from this message group failed processing');
    this.name = 'SqsFifoMessageGroupShortCircuitError';
  }
}

/**
 * Recorded for every record not finished when the time budget ran out (fewer than `timeoutMarginMs`
 * of the invocation left): either never started, or still running and aborted.
 *
 * @example
 * error.recordErrors.filter((e) => e instanceof TimeBudgetExceededError && e.started);
 */
export class TimeBudgetExceededError extends BatchProcessingError {
  /** The configured margin, in milliseconds. */
  readonly timeoutMarginMs: number;
  /** Whether the record had started (its handler was running and saw its signal aborted). */
  readonly started: boolean;
  constructor(timeoutMarginMs: number, started: boolean) {
    super(
      `The record was ${started ? 'still running' : 'not started'} when less than timeoutMarginMs (${timeoutMarginMs} ms) of the invocation remained`,
    );
    this.name = 'TimeBudgetExceededError';
    this.timeoutMarginMs = timeoutMarginMs;
    this.started = started;
  }
}

// Names the type of a thrown value without reading it (it may hold secrets) and without throwing: a
// revoked Proxy, or an object whose traps or getters throw, is "an object that cannot be inspected".
function describeThrown(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  try {
    return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  } catch {
    return 'an object that cannot be inspected';
  }
}

function isError(value: unknown): value is Error {
  try {
    // Errors from another realm (vm, worker) fail instanceof but keep their tag.
    return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
  } catch {
    return false; // a revoked Proxy, or a trap that throws: not an Error to hand on
  }
}

/**
 * The thrown value as an Error: itself when it is one, else a BatchProcessingError that keeps the
 * value as its `cause` (the message names only its type, since the value may hold secrets). It never
 * throws, whatever the value: it runs where a record settles, and a throw there would leave the batch
 * unsettled until the Lambda timeout.
 *
 * @example
 * toRecordError('boom').cause; // 'boom'
 */
export function toRecordError(value: unknown): Error {
  if (isError(value)) return value;
  return new BatchProcessingError(`The record handler threw ${describeThrown(value)}, not an Error`, {
    cause: value,
  });
}

/**
 * What a log line may say about a thrown value: an Error's message, else only its type. Never throws.
 *
 * @example
 * describeFailure(new Error('hook broke')); // 'hook broke'
 */
export function describeFailure(value: unknown): string {
  if (!isError(value)) return describeThrown(value);
  try {
    return String(value.message);
  } catch {
    return 'an Error whose message cannot be read';
  }
}

import { isThenable, type LambdaContext, writeWarning } from '@lambkit/core';
import type { RunOutcome } from './base-processor.js';
import {
  BatchProcessingError,
  describeFailure,
  FullBatchFailureError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
  TimeBudgetExceededError,
  toRecordError,
} from './errors.js';
import type { RecordParser } from './payload.js';
import type { RecordKind } from './record-kinds.js';
import type {
  PartialItemFailureResponse,
  RecordFailureHook,
  RecordHandler,
  RecordHandlerExtras,
} from './types.js';

const PENDING = 0;
const RUNNING = 1;
const SUCCEEDED = 2;
const FAILED = 3;
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** Everything a run needs, resolved from the processor (at INIT) and the options (per call). */
export interface RunSettings {
  kind: RecordKind;
  parse: RecordParser | undefined;
  /** FIFO: one record at a time, in order, stopping at the first failure. */
  ordered: boolean;
  concurrency: number;
  throwOnFullBatchFailure: boolean;
  skipGroupOnError: boolean;
  timeoutMarginMs: number | undefined;
  context: LambdaContext | undefined;
  onRecordFailure: RecordFailureHook | undefined;
  /** processPartialResponseSync: a handler that returns a promise fails its record. */
  syncOnly: boolean;
  /** Keep each handler's result, for `process()`'s entries. */
  keepResults: boolean;
}

function ignore(): void {}

/**
 * The third argument of record handlers, one per record. `signal` is created only when read: reading
 * AbortController#signal costs ~5 us on Node 20, more than a whole 10-record batch of no-op handlers,
 * and most handlers never read it.
 */
class RecordExtras implements RecordHandlerExtras {
  readonly index: number;
  // A plain property, not #run: V8 initialises private fields more slowly, and this object is made
  // once per record.
  readonly run: BatchRun;
  constructor(run: BatchRun, index: number) {
    this.run = run;
    this.index = index;
  }
  get signal(): AbortSignal {
    return this.run.signal();
  }
}

/**
 * One batch in progress. It starts records while fewer than `concurrency` run, settles each as it
 * finishes, and ends when every record is settled or the time budget runs out. Records whose handler
 * returns synchronously never touch a promise, so a sync batch completes without one.
 */
export class BatchRun implements RunOutcome {
  // biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
  readonly records: readonly any[];
  // biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
  readonly #handler: RecordHandler<any>;
  readonly #settings: RunSettings;
  readonly #status: number[];
  // Created on first read of a record's `signal` (see RecordExtras).
  #controller: AbortController | undefined;
  #expired = false;
  // The time budget's margin, set with the deadline; read only once the budget ran out.
  #margin = 0;
  readonly #context: LambdaContext;
  #results: unknown[] | undefined;
  readonly #cap: number;
  #errors: Error[] | undefined;
  #failedGroups: Set<string> | undefined;
  #next = 0;
  #active = 0;
  #settled = 0;
  #failures = 0;
  #deadline = Number.POSITIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #finished = false;
  #response: PartialItemFailureResponse | undefined;
  #failure: Error | undefined;
  #resolve: ((response: PartialItemFailureResponse) => void) | undefined;
  #reject: ((error: Error) => void) | undefined;

  // biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
  constructor(records: readonly any[], handler: RecordHandler<any>, settings: RunSettings) {
    this.records = records;
    this.#handler = handler;
    this.#settings = settings;
    // A plain array: small typed arrays cost a tracked ArrayBuffer each, which showed as GC time.
    this.#status = new Array(records.length).fill(PENDING);
    this.#cap = settings.ordered ? 1 : settings.concurrency;
    // Powertools passes `options.context` as it is, undefined when none was given.
    this.#context = settings.context as LambdaContext;
    if (settings.keepResults) this.#results = new Array(records.length);
  }

  /** Whether the record at `index` succeeded (once the run has finished). */
  succeeded(index: number): boolean {
    return this.#status[index] === SUCCEEDED;
  }

  /** The error of the record at `index`, when it failed. */
  errorOf(index: number): Error | undefined {
    return this.#errors?.[index];
  }

  /** The response, once the run has finished without FullBatchFailureError. */
  get response(): PartialItemFailureResponse | undefined {
    return this.#response;
  }

  /** What the handler of the record at `index` returned (or resolved to), with `keepResults`. */
  resultOf(index: number): unknown {
    return this.#results?.[index];
  }

  /** The signal handed to record handlers, created on first read; aborted once the budget ran out. */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#expired) this.#controller.abort(new TimeBudgetExceededError(this.#margin, true));
    }
    return this.#controller.signal;
  }

  /** Runs the batch: the response when every record settled synchronously, else a promise of it. */
  run(): PartialItemFailureResponse | Promise<PartialItemFailureResponse> {
    const { timeoutMarginMs, context } = this.#settings;
    if (timeoutMarginMs !== undefined && context !== undefined) {
      const remaining = context.getRemainingTimeInMillis();
      if (typeof remaining !== 'number' || Number.isNaN(remaining)) {
        throw new TypeError(
          `context.getRemainingTimeInMillis() returned ${String(remaining)}, not a number of milliseconds; the time budget cannot be kept`,
        );
      }
      this.#deadline = Date.now() + remaining - timeoutMarginMs;
      this.#margin = timeoutMarginMs;
    }
    this.#pump();
    if (this.#finished) {
      // A finished run has either its response or its failure.
      if (this.#response !== undefined) return this.#response;
      throw this.#failure;
    }
    const delay = this.#deadline - Date.now();
    // setTimeout fires at once for delays beyond 2^31-1 ms; no Lambda runs that long, so no timer.
    if (delay <= MAX_TIMER_DELAY_MS) {
      this.#timer = setTimeout(() => this.#expire(), Math.max(0, delay));
    }
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Starts records while there is room, then ends the run once every record is settled. */
  #pump(): void {
    const count = this.records.length;
    while (this.#next < count && this.#active < this.#cap) {
      if (this.#deadline !== Number.POSITIVE_INFINITY && Date.now() >= this.#deadline) {
        this.#expire();
        return;
      }
      const index = this.#next++;
      if (this.#settings.ordered && this.#skippedByFifo(index)) continue;
      this.#start(index);
    }
    // Never finished here: #expire returns before this line, and a settled record calls this only
    // while the run is still going.
    if (this.#settled === count) this.#finish();
  }

  #start(index: number): void {
    this.#status[index] = RUNNING;
    let result: unknown;
    let thenable: boolean;
    try {
      result = this.#invoke(index);
      thenable = isThenable(result); // reads `then`, which throws on a revoked Proxy
    } catch (error) {
      this.#fail(index, toRecordError(error));
      return;
    }
    if (!thenable) {
      if (this.#results !== undefined) this.#results[index] = result;
      this.#succeed(index);
    } else if (this.#settings.syncOnly) {
      Promise.resolve(result).then(ignore, ignore); // settled elsewhere; never an unhandled rejection
      this.#fail(
        index,
        new BatchProcessingError(
          'processPartialResponseSync: the record handler (or the schema) returned a promise; use processPartialResponse for async work',
        ),
      );
    } else {
      this.#active++;
      try {
        (result as PromiseLike<unknown>).then(
          (value: unknown) => {
            if (this.#results !== undefined) this.#results[index] = value;
            this.#settleAsync(index, undefined);
          },
          (error: unknown) => this.#settleAsync(index, toRecordError(error)),
        );
      } catch (error) {
        // A thenable whose `then` throws: its record fails like any other.
        this.#active--;
        this.#fail(index, toRecordError(error));
      }
    }
  }

  #invoke(index: number): unknown {
    const record = this.records[index];
    const { parse } = this.#settings;
    if (parse === undefined) return this.#handler(record, this.#context, new RecordExtras(this, index));
    const parsed = parse(record, index);
    if (isThenable(parsed)) {
      return Promise.resolve(parsed).then((value) =>
        this.#handler(value, this.#context, new RecordExtras(this, index)),
      );
    }
    return this.#handler(parsed, this.#context, new RecordExtras(this, index));
  }

  #settleAsync(index: number, error: Error | undefined): void {
    this.#active--;
    if (this.#finished) return; // the time budget already reported it
    if (error === undefined) this.#succeed(index);
    else this.#fail(index, error);
    this.#pump();
  }

  #succeed(index: number): void {
    this.#status[index] = SUCCEEDED;
    this.#settled++;
  }

  #fail(index: number, error: Error): void {
    this.#status[index] = FAILED;
    this.#errors ??= new Array(this.records.length);
    this.#errors[index] = error;
    this.#settled++;
    this.#failures++;
    if (this.#settings.skipGroupOnError) {
      const group = this.records[index].attributes?.MessageGroupId;
      if (typeof group === 'string') (this.#failedGroups ??= new Set()).add(group);
    }
  }

  /** FIFO rules, checked before a record starts; true when the record is failed without running. */
  #skippedByFifo(index: number): boolean {
    if (!this.#settings.skipGroupOnError) {
      if (this.#failures === 0) return false;
      for (let i = index; i < this.records.length; i++) this.#fail(i, new SqsFifoShortCircuitError());
      this.#next = this.records.length;
      return true;
    }
    const group = this.records[index].attributes?.MessageGroupId;
    if (this.#failedGroups === undefined || !this.#failedGroups.has(group)) return false;
    this.#fail(index, new SqsFifoMessageGroupShortCircuitError());
    return true;
  }

  /**
   * The time budget ran out: every record not yet succeeded is reported, in progress or not. Called
   * only while the run is going: #finish clears the timer, and #pump stops once it has called this.
   */
  #expire(): void {
    const margin = this.#margin;
    for (let i = 0; i < this.records.length; i++) {
      const status = this.#status[i];
      if (status === PENDING || status === RUNNING)
        this.#fail(i, new TimeBudgetExceededError(margin, status === RUNNING));
    }
    this.#expired = true;
    this.#finish();
    this.#controller?.abort(new TimeBudgetExceededError(margin, true));
  }

  #finish(): void {
    this.#finished = true;
    clearTimeout(this.#timer); // a no-op without a timer
    const records = this.records;
    // #errors is created by the first failure.
    const errors = this.#errors;
    const hook = this.#settings.onRecordFailure;
    if (errors !== undefined && hook !== undefined) this.#reportFailures(hook, errors);
    if (errors !== undefined && this.#failures === records.length && this.#settings.throwOnFullBatchFailure) {
      const failure = new FullBatchFailureError(errors);
      this.#failure = failure;
      // #resolve and #reject are set together, when the run went async.
      this.#reject?.(failure);
    } else {
      const response = { batchItemFailures: this.#failures === 0 ? [] : this.#collectFailures() };
      this.#response = response;
      this.#resolve?.(response);
    }
  }

  /** Hands every failed record and its reason to the user's hook; the hook cannot change the result. */
  #reportFailures(hook: RecordFailureHook, errors: readonly (Error | undefined)[]): void {
    for (let i = 0; i < this.records.length; i++) {
      // A record has an error exactly when it failed.
      const error = errors[i];
      if (error === undefined) continue;
      try {
        hook(this.records[i], error, i);
      } catch (error) {
        writeWarning({
          package: '@lambkit/batch',
          code: 'BATCH_ON_RECORD_FAILURE_THREW',
          level: 'ERROR',
          message: 'onRecordFailure threw; the batch result stands',
          fields: { index: i, error: describeFailure(error) },
        });
      }
    }
  }

  #collectFailures(): { itemIdentifier: string }[] {
    const failures: { itemIdentifier: string }[] = [];
    const { kind } = this.#settings;
    for (let i = 0; i < this.records.length; i++) {
      if (this.#status[i] !== SUCCEEDED)
        failures.push({ itemIdentifier: kind.identifierOf(this.records[i]) as string });
    }
    return failures;
  }
}

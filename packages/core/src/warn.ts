import { getServiceName } from './lambda-env.js';

// On globalThis under a registered symbol, like sharedState: the ES module and CommonJS builds of
// @lambkit/core, loaded in one process, still warn once between them.
const WARNED_KEY = Symbol.for('@lambkit/core.warned.v1');

type GlobalWithWarned = typeof globalThis & { [WARNED_KEY]?: Set<string> };

function warnedKeys(): Set<string> {
  const holder = globalThis as GlobalWithWarned;
  let warned = holder[WARNED_KEY];
  if (warned === undefined) {
    warned = new Set();
    holder[WARNED_KEY] = warned;
  }
  return warned;
}

/** True the first time `key` is seen in this process, false after. */
function firstTime(key: string): boolean {
  const warned = warnedKeys();
  if (warned.has(key)) return false;
  warned.add(key);
  return true;
}

/** Writes one line: the fixed keys, then those of `fields` that do not replace one of them. */
function writeLine(fixed: Record<string, unknown>, fields: Record<string, unknown> | undefined): void {
  try {
    if (fields !== undefined) {
      for (const name of Object.keys(fields)) if (!(name in fixed)) fixed[name] = fields[name];
    }
    process.stderr.write(`${JSON.stringify(fixed)}\n`);
  } catch {
    // stderr closed, or a field JSON cannot serialize: losing one warning beats failing the caller.
  }
}

/** One of lambkit's own warnings, as `writeWarning` takes it. */
export interface LambkitWarning {
  /** The package that warns, e.g. `'@lambkit/metrics'`. */
  package: string;
  /**
   * What happened, stable across releases so operations can filter on it: the package's name in
   * capitals, then the event (`'METRICS_LATE_METRIC'`). Every code is listed in docs/warnings.md.
   */
  code: string;
  /** What happened, what is done instead, and how to fix it. */
  message: string;
  /** Keys written after the fixed ones (level, message, timestamp, service, package, code), which they cannot replace. */
  fields?: Record<string, unknown>;
  /** `'WARN'` (default); `'ERROR'` when something the function asked for was not done. */
  level?: 'WARN' | 'ERROR';
  /**
   * Writes the warning once per process for this key, for a warning about configuration (it would
   * say the same at every invocation). Without it, every call writes: for a loss that happens per
   * event (a metric dropped, a record failed with nobody told), each one is reported.
   */
  onceKey?: string;
}

/**
 * Writes one of lambkit's own warnings and says whether it wrote: one JSON line on stderr with the
 * keys of a lambkit or Powertools log line (level, message, timestamp, service), then `package`,
 * `code` and the warning's `fields`, so CloudWatch Logs Insights finds it with
 * `filter level = "WARN"`, or one kind with `filter code = "METRICS_LATE_METRIC"`, in either Lambda
 * log format. Never throws: a warning must not break the code that reports it.
 *
 * @example
 * writeWarning({
 *   package: '@lambkit/metrics',
 *   code: 'METRICS_NO_NAMESPACE',
 *   message: 'Namespace should be defined, default used',
 *   onceKey: 'metrics:no-namespace',
 * });
 * // {"level":"WARN","message":"Namespace should be defined, default used","timestamp":"...","service":"orders","package":"@lambkit/metrics","code":"METRICS_NO_NAMESPACE"}
 */
export function writeWarning(warning: LambkitWarning): boolean {
  if (warning.onceKey !== undefined && !firstTime(warning.onceKey)) return false;
  const line: Record<string, unknown> = {
    level: warning.level ?? 'WARN',
    message: warning.message,
    timestamp: new Date().toISOString(),
    service: getServiceName(),
    package: warning.package,
    code: warning.code,
  };
  writeLine(line, warning.fields);
  return true;
}

/**
 * Writes a warning of your own code once per process for each `key`, and says whether it wrote: the
 * line of `writeWarning`, without package and code. Never throws.
 *
 * @example
 * warnOnce('orders:legacy-table', 'ORDERS_TABLE is unset; using the legacy table. Set ORDERS_TABLE.', { table: 'orders-v1' });
 */
export function warnOnce(key: string, message: string, fields?: Record<string, unknown>): boolean {
  if (!firstTime(key)) return false;
  const line: Record<string, unknown> = {
    level: 'WARN',
    message,
    timestamp: new Date().toISOString(),
    service: getServiceName(),
  };
  writeLine(line, fields);
  return true;
}

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

/**
 * Writes a warning once per process for each `key`, and says whether it wrote. The warning is one
 * JSON line on stderr with the keys of a lambkit or Powertools log line (level, message, timestamp,
 * service) and then `fields`, so CloudWatch Logs Insights finds it with `filter level = "WARN"` in
 * either Lambda log format. Never throws: a warning must not break the code that reports it.
 *
 * @example
 * warnOnce('orders:legacy-table', 'ORDERS_TABLE is unset; using the legacy table. Set ORDERS_TABLE.', { table: 'orders-v1' });
 */
export function warnOnce(key: string, message: string, fields?: Record<string, unknown>): boolean {
  const warned = warnedKeys();
  if (warned.has(key)) return false;
  warned.add(key);
  try {
    const line: Record<string, unknown> = {
      level: 'WARN',
      message,
      timestamp: new Date().toISOString(),
      service: getServiceName(),
    };
    if (fields !== undefined) {
      for (const name of Object.keys(fields)) if (!(name in line)) line[name] = fields[name];
    }
    process.stderr.write(`${JSON.stringify(line)}\n`);
  } catch {
    // stderr closed, or a field JSON cannot serialize: losing one warning beats failing the caller.
  }
  return true;
}

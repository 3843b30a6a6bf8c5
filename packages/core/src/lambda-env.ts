import { getInvocationState } from './invocation-store.js';

/** The service name Powertools uses when none is configured; kept so dashboards match. */
export const DEFAULT_SERVICE_NAME = 'service_undefined';

/**
 * The service name: the explicit one, else POWERTOOLS_SERVICE_NAME (so Powertools users'
 * configuration keeps working), else "service_undefined".
 *
 * @example
 * const service = getServiceName(options.serviceName);
 */
export function getServiceName(explicit?: string): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  const fromEnv = process.env.POWERTOOLS_SERVICE_NAME?.trim();
  return fromEnv ? fromEnv : DEFAULT_SERVICE_NAME;
}

/**
 * The X-Ray trace header of the current invocation (`Root=...;Parent=...;Sampled=1`), as it was
 * when the invocation began, else (before any invocation) from _X_AMZN_TRACE_ID, which Lambda sets
 * anew for every invocation.
 *
 * @example
 * getTraceHeader(); // 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'
 */
export function getTraceHeader(): string | undefined {
  const state = getInvocationState();
  // beginInvocation read _X_AMZN_TRACE_ID when the invocation began: once per invocation, not once
  // per log line or subsegment (a process.env read costs ~200 ns).
  if (state.traceId !== undefined || state.context !== undefined) return state.traceId;
  return process.env._X_AMZN_TRACE_ID;
}

/**
 * Reads one field of a trace header.
 *
 * @example
 * traceHeaderField('Root=1-abc;Parent=def;Sampled=1', 'Sampled'); // '1'
 */
export function traceHeaderField(
  header: string | undefined,
  field: 'Root' | 'Parent' | 'Sampled' | 'Lineage',
): string | undefined {
  if (header === undefined) return undefined;
  // Scanned in place: the logger asks once per invocation, and split(';') with a trim per part made
  // an array and three strings each time (2 % of a warm logger + metrics invocation in a CPU profile).
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    while (start < end && header.charCodeAt(start) === 32) start++;
    if (header.startsWith(field, start) && header.charCodeAt(start + field.length) === 61) {
      return header.slice(start + field.length + 1, end).trim();
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * The X-Ray trace id (the Root field) of the current invocation, as Powertools logs it in
 * `xray_trace_id`.
 *
 * @example
 * getXrayTraceId(); // '1-5759e988-bd862e3fe1be46a994272793'
 */
export function getXrayTraceId(): string | undefined {
  return traceHeaderField(getTraceHeader(), 'Root');
}

/**
 * True inside a Lambda execution environment (AWS_LAMBDA_FUNCTION_NAME or AWS_EXECUTION_ENV set).
 *
 * @example
 * if (!isInLambda()) console.log('running locally');
 */
export function isInLambda(): boolean {
  return process.env.AWS_EXECUTION_ENV !== undefined || process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
}

import { getServiceName, readEnvBoolean, readEnvString, warnInvalidEnv } from '@lambkit/core';
import type { ErrorRecording } from './close.js';

/**
 * Options of `new Tracer()`; each is also read from the environment variable Powertools uses.
 *
 * @example
 * const tracer = new Tracer({ serviceName: 'orders', captureHTTPsRequests: false });
 */
export interface TracerOptions {
  /** The Service annotation and the metadata namespace. Default: POWERTOOLS_SERVICE_NAME, else "service_undefined". */
  serviceName?: string;
  /**
   * `false` turns tracing off. Tracing is only ever on inside Lambda (AWS_EXECUTION_ENV set, not
   * under SAM local), and POWERTOOLS_TRACE_ENABLED=false turns it off too.
   */
  enabled?: boolean;
  /**
   * Record each fetch and node:http(s) call made inside a traced invocation as a subsegment. `false`
   * (or POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS=false) turns it off. Default: on.
   */
  captureHTTPsRequests?: boolean;
  /**
   * Where the traces go: `'xray'` (aws-xray-sdk-core, to the X-Ray daemon) or `'opentelemetry'`
   * (spans through @opentelemetry/api to the tracer provider the ADOT layer or your code registers).
   * Default: LAMBKIT_TRACER_BACKEND, else `'xray'`. See docs/tracer.md, "Choosing a backend".
   */
  backend?: TracerBackend;
}

/**
 * The backends a Tracer can record to.
 *
 * @example
 * const backend: TracerBackend = 'opentelemetry';
 */
export type TracerBackend = 'xray' | 'opentelemetry';

const BACKENDS: readonly string[] = ['xray', 'opentelemetry'] satisfies TracerBackend[];
const BACKEND_RULE = `expected one of ${BACKENDS.join(', ')}`;

/** The backend from the option (which wins), else LAMBKIT_TRACER_BACKEND, else 'xray'. */
function resolveBackend(option: unknown): TracerBackend {
  if (option !== undefined) {
    if (typeof option === 'string' && BACKENDS.includes(option)) return option as TracerBackend;
    throw new TypeError(
      `Tracer: option backend must be 'xray' or 'opentelemetry', got ${JSON.stringify(option)}`,
    );
  }
  const value = readEnvString('LAMBKIT_TRACER_BACKEND');
  if (value === undefined) return 'xray';
  const lower = value.toLowerCase();
  if (BACKENDS.includes(lower)) return lower as TracerBackend;
  warnInvalidEnv('LAMBKIT_TRACER_BACKEND', value, BACKEND_RULE, 'xray');
  return 'xray';
}

/** The settings a Tracer decides once, at INIT. */
export interface TracerSettings {
  enabled: boolean;
  backend: TracerBackend;
  serviceName: string;
  captureHTTPsRequests: boolean;
  /** POWERTOOLS_TRACER_CAPTURE_RESPONSE: record handler responses as metadata. */
  captureResponse: boolean;
  /** POWERTOOLS_TRACER_CAPTURE_ERROR: record errors with their stack, else only flag them. */
  errorRecording: ErrorRecording;
}

function checkOption(name: string, value: unknown, type: 'string' | 'boolean'): void {
  if (value !== undefined && typeof value !== type) {
    throw new TypeError(`Tracer: option ${name} must be a ${type}, got ${JSON.stringify(value)}`);
  }
}

/** Inside Lambda, outside the local emulators that have no X-Ray daemon. */
function isTraceableEnvironment(): boolean {
  const executionEnv = process.env.AWS_EXECUTION_ENV;
  if (executionEnv === undefined || executionEnv === '') return false;
  if (executionEnv === 'AWS_Lambda_amplify-mock') return false;
  return process.env.AWS_SAM_LOCAL === undefined || process.env.AWS_SAM_LOCAL === '';
}

/**
 * Decides a Tracer's settings from its options and the environment. Throws a TypeError naming an
 * option of the wrong type. A variable that is not a boolean leaves its feature on, as in Powertools
 * (only "false" turns one off there), with one warning naming the variable, the value and the fallback.
 *
 * @example
 * const settings = resolveTracerSettings({ serviceName: 'orders' });
 */
export function resolveTracerSettings(options: TracerOptions): TracerSettings {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Tracer: options must be an object, got ${JSON.stringify(options)}`);
  }
  checkOption('serviceName', options.serviceName, 'string');
  checkOption('enabled', options.enabled, 'boolean');
  checkOption('captureHTTPsRequests', options.captureHTTPsRequests, 'boolean');
  const backend = resolveBackend(options.backend);
  // As in Powertools, an option or a variable can each only turn a feature off.
  const enabled =
    options.enabled !== false && readEnvBoolean('POWERTOOLS_TRACE_ENABLED', true) && isTraceableEnvironment();
  return {
    enabled,
    backend,
    serviceName: getServiceName(options.serviceName),
    captureHTTPsRequests:
      options.captureHTTPsRequests !== false &&
      readEnvBoolean('POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS', true),
    captureResponse: readEnvBoolean('POWERTOOLS_TRACER_CAPTURE_RESPONSE', true),
    errorRecording: readEnvBoolean('POWERTOOLS_TRACER_CAPTURE_ERROR', true) ? 'exception' : 'flag',
  };
}

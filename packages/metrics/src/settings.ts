import { readEnvBoolean, readEnvString, warnInvalidEnv, writeWarning } from '@lambkit/core';
import { DEFAULT_NAMESPACE } from './constants.js';
import type { MetricsValidationError } from './errors.js';
import type { MetricsLogger } from './types.js';
import { checkNamespace } from './validate.js';

/**
 * POWERTOOLS_METRICS_NAMESPACE, unless CloudWatch would reject it: then undefined, so the default
 * namespace is used (metrics kept, not dropped), with one warning naming the variable and the value.
 *
 * @example
 * const namespace = options.namespace || namespaceFromEnv();
 */
export function namespaceFromEnv(): string | undefined {
  const namespace = readEnvString('POWERTOOLS_METRICS_NAMESPACE');
  if (namespace === undefined) return undefined;
  try {
    checkNamespace(namespace);
    return namespace;
  } catch (error) {
    // checkNamespace throws nothing else.
    warnInvalidEnv(
      'POWERTOOLS_METRICS_NAMESPACE',
      namespace,
      (error as MetricsValidationError).rule,
      DEFAULT_NAMESPACE,
    );
    return undefined;
  }
}

/**
 * As in Powertools: POWERTOOLS_METRICS_DISABLED decides; unset, POWERTOOLS_DEV turns metrics off.
 *
 * @example
 * const disabled = disabledFromEnv();
 */
export function disabledFromEnv(): boolean {
  return readEnvBoolean('POWERTOOLS_METRICS_DISABLED') ?? readEnvBoolean('POWERTOOLS_DEV', false);
}

/** The code of each warning a Metrics instance gives without a logger (docs/warnings.md lists them). */
export type MetricsWarningCode =
  | 'METRICS_EMPTY_FLUSH'
  | 'METRICS_EMPTY_FLUSH_AFTER_ERROR'
  | 'METRICS_NO_NAMESPACE'
  | 'METRICS_DISABLED'
  | 'METRICS_LATE_METRIC'
  | 'METRICS_LATE_WITHOUT_METRICS'
  | 'METRICS_ABANDONED'
  | 'METRICS_ABANDONED_DROPPED'
  | 'METRICS_RESOLUTION_IGNORED'
  | 'METRICS_PUBLISH_FAILED'
  | 'METRICS_METADATA_IS_DIMENSION'
  | 'METRICS_DIMENSION_SKIPPED'
  | 'METRICS_DIMENSION_OVERWRITTEN';

/** Gives one warning: its code (for the line written without a logger) and its text. */
export type MetricsWarn = (code: MetricsWarningCode, message: string) => void;

/**
 * Gives a warning to `logger`, as Powertools does (the text only), or without one as lambkit's
 * warning line on stderr, with its code. A logger that fails must not fail the handler through
 * its metrics: stderr still gets the warning.
 *
 * @example
 * warnTo(options.logger, 'METRICS_NO_NAMESPACE', 'Namespace should be defined, default used');
 */
export function warnTo(logger: MetricsLogger | undefined, code: MetricsWarningCode, message: string): void {
  if (logger !== undefined) {
    try {
      logger.warn(message);
      return;
    } catch {
      // Falls through to stderr.
    }
  }
  writeWarning({ package: '@lambkit/metrics', code, message });
}

import { readEnvBoolean, readEnvString, warnInvalidEnv } from '@lambkit/core';
import { DEFAULT_NAMESPACE } from './constants.js';
import { MetricsValidationError } from './errors.js';
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
    const rule = error instanceof MetricsValidationError ? error.rule : 'not a valid namespace';
    warnInvalidEnv('POWERTOOLS_METRICS_NAMESPACE', namespace, rule, DEFAULT_NAMESPACE);
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

/**
 * Gives a warning to `logger`, or to stderr without one. A logger that fails must not fail the
 * handler through its metrics: stderr still gets the warning.
 *
 * @example
 * warnTo(options.logger, 'Namespace should be defined, default used');
 */
export function warnTo(logger: MetricsLogger | undefined, message: string): void {
  if (logger !== undefined) {
    try {
      logger.warn(message);
      return;
    } catch {
      // Falls through to stderr.
    }
  }
  process.stderr.write(`${message}\n`);
}

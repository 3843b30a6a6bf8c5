/**
 * Redaction, at its own subpath so a Logger without it does not carry the code: `redact(paths)`
 * gives the value of the Logger's `redact` option.
 *
 * @example
 * import { redact } from '@lambkit/logger/redact';
 * const logger = new Logger({ redact: redact(['password', 'headers.authorization']) });
 */
export { REDACTED, type Redaction, redact } from '../redact.js';

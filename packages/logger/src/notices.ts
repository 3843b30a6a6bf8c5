// The texts of the lines a Logger writes about itself. Where Powertools writes a line for the same
// event, the text is Powertools' (its misspelling included), so a test or an alarm written for
// Powertools matches.

/** Written at DEBUG when an invocation is sampled. */
export const SAMPLING_NOTICE = 'Setting log level to DEBUG due to sampling rate';

/** Written at WARN after a flushed buffer that lost lines. */
export const EVICTED_NOTICE =
  'Some logs are not displayed because they were evicted from the buffer. Increase buffer size to store more logs in the buffer';

/** Written once when AWS_LAMBDA_LOG_LEVEL is above the buffered level. */
export const ALC_BUFFER_NOTICE =
  'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Buffered logs will be filtered by ALC';

/** Written once when both persistent-key options are given. */
export const BOTH_PERSISTENT_NOTICE =
  'Both persistentLogAttributes and persistentKeys options were provided. Using persistentKeys as persistentLogAttributes is deprecated and will be removed in future releases';

/** Written at WARN, before the line itself, when a line is larger than the whole buffer. */
export const OVERSIZED_LINE_NOTICE =
  'Unable to buffer log: the line is larger than the buffer, writing it directly';

/**
 * The warning for a reserved key given to a call or to appendKeys.
 *
 * @example
 * reservedKeyNotice('level'); // 'The key "level" is a reserved key and will be dropped.'
 */
export function reservedKeyNotice(key: string): string {
  return `The key "${key}" is a reserved key and will be dropped.`;
}

/**
 * The warning for a configured level below AWS_LAMBDA_LOG_LEVEL, which Lambda then filters.
 *
 * @example
 * levelBelowFloorNotice('DEBUG', 'ERROR');
 */
export function levelBelowFloorNotice(configured: string, floor: string): string {
  return `Current log level (${configured}) does not match AWS Lambda Advanced Logging Controls minimum log level (${floor}). This can lead to data loss, consider adjusting them.`;
}

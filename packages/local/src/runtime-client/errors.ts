// The error documents and log lines the runtime writes when INIT or an invocation fails.

/**
 * An error the runtime raises itself, named as Lambda names it (e.g. Runtime.HandlerNotFound).
 *
 * @example
 * throw new RuntimeError('Runtime.HandlerNotFound', 'index.main is undefined or not exported');
 */
export class RuntimeError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The document posted to the Runtime API's /error and /init/error. */
export interface ErrorDocument {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/**
 * The error document aws-lambda-ric posts for a thrown value.
 *
 * @example
 * formatError(new TypeError('bad')); // { errorType: 'TypeError', errorMessage: 'bad', trace: [...] }
 */
export function formatError(error: unknown): ErrorDocument {
  if (error instanceof Error)
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: String(error.stack ?? '').split('\n'),
    };
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function errorDetails(error: Error): string {
  try {
    return JSON.stringify(error, (_key, value: unknown) =>
      value instanceof Error
        ? Object.assign(
            { errorType: value.name, errorMessage: value.message, code: (value as { code?: unknown }).code },
            value,
            { stack: String(value.stack ?? '').split('\n') },
          )
        : value,
    );
  } catch {
    return JSON.stringify(formatError(error));
  }
}

/**
 * Logs a failure as the runtime does: `console.error(message, '\t' + details)` in text format, the
 * error itself in JSON format (the patched console turns it into errorType, errorMessage, stackTrace).
 *
 * @example
 * logError('Invoke Error', error, { json: false });
 */
export function logError(message: string, error: unknown, settings: { json: boolean }): void {
  const err = error instanceof Error ? error : new Error(String(error));
  if (settings.json) console.error(err);
  else console.error(message, `\t${errorDetails(err)}`);
}

/** Where a value was asked for: the Parameters and Secrets extension, or the AWS SDK. */
export type ResolvedTransport = 'extension' | 'sdk';

/** What was asked for: a Parameter Store parameter (or path) or a Secrets Manager secret. */
export type ParameterKind = 'parameter' | 'secret' | 'path';

/** Fields of a GetParameterError; all optional, so Powertools' `(message, { cause })` works too. */
export interface GetParameterErrorDetails {
  /** The name, path or secret id asked for (never the value). */
  parameter?: string;
  kind?: ParameterKind;
  transport?: ResolvedTransport;
  /** The HTTP status the extension answered with, when it answered. */
  statusCode?: number;
  cause?: unknown;
}

/**
 * A parameter or secret could not be retrieved. Its message names the parameter and the transport;
 * `cause` holds the HTTP failure or the AWS SDK error. It never contains the value.
 * Same name as Powertools' GetParameterError, so `catch` blocks carry over.
 *
 * @example
 * try { await getParameter('/app/db-url'); } catch (e) { if (e instanceof GetParameterError) console.error(e.parameter, e.statusCode); }
 */
export class GetParameterError extends Error {
  override name = 'GetParameterError';
  readonly parameter: string | undefined;
  readonly kind: ParameterKind | undefined;
  readonly transport: ResolvedTransport | undefined;
  readonly statusCode: number | undefined;

  constructor(message?: string, details: GetParameterErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.parameter = details.parameter;
    this.kind = details.kind;
    this.transport = details.transport;
    this.statusCode = details.statusCode;
  }
}

/**
 * The parameter or secret does not exist (SSM ParameterNotFound or ParameterVersionNotFound,
 * Secrets Manager ResourceNotFoundException). A GetParameterError, as in Powertools.
 *
 * @example
 * const flag = await getParameter('/app/flag').catch((e) => (e instanceof ParameterNotFoundError ? 'off' : Promise.reject(e)));
 */
export class ParameterNotFoundError extends GetParameterError {
  override name = 'ParameterNotFoundError';
}

/**
 * A value could not be transformed ('json' on text that is not JSON, 'binary' on text that is not
 * base64). Names the parameter and the transform; unlike a JSON.parse error, it quotes nothing of
 * the value.
 *
 * @example
 * try { await getParameter('/app/config', { transform: 'json' }); } catch (e) { if (e instanceof TransformParameterError) console.error(e.parameter, e.transform); }
 */
export class TransformParameterError extends Error {
  override name = 'TransformParameterError';
  /** The parameter whose value failed, when known. */
  readonly parameter: string | undefined;
  /** Powertools' argument order (transform, message), with the parameter's name as a third, optional one. */
  constructor(
    readonly transform: string,
    reason: string,
    parameter?: string,
  ) {
    super(
      parameter === undefined
        ? `Unable to transform value using '${transform}' transform: ${reason}`
        : `Unable to transform value of "${parameter}" using '${transform}' transform: ${reason}`,
    );
    this.parameter = parameter;
  }
}

/**
 * A parameter could not be written (`setParameter`, `SSMProvider#set`); `cause` holds the AWS SDK
 * error. Never contains the value. Same name as Powertools' SetParameterError.
 *
 * @example
 * try { await setParameter('/app/flag', { value: 'on' }); } catch (e) { if (e instanceof SetParameterError) console.error(e.message); }
 */
export class SetParameterError extends Error {
  override name = 'SetParameterError';
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * The call itself is wrong: an empty or malformed name, an unknown transform, both version and
 * label, a negative maxAge... Names the parameter, the option and the rule.
 *
 * @example
 * await getParameter('/a', { version: 2, label: 'prod' }); // rejects with ParameterOptionsError
 */
export class ParameterOptionsError extends TypeError {
  override name = 'ParameterOptionsError';
  constructor(
    readonly parameter: string,
    readonly option: string,
    readonly rule: string,
  ) {
    super(`Invalid ${option} for ${JSON.stringify(parameter)}: ${rule}`);
  }
}

// Checks of a call's arguments. They run when a value is fetched, not on a cache hit: a call with
// invalid arguments has a cache key no valid call produces, so it always reaches them. maxAge and
// timeoutMs are in no key, so checkUnkeyedOptions also runs before the cache is read.
import { ParameterOptionsError } from './errors.js';
import type { BaseGetOptions } from './types.js';

const TRANSFORMS = new Set(['json', 'binary', 'auto']);
const TRANSPORTS = new Set(['auto', 'extension', 'sdk']);
const REFERENCE_PREFIX = '/aws/reference/secretsmanager/';
// Parameter Store names: letters, digits, . - _ and / for the hierarchy.
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]+$/;
const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/?([A-Za-z0-9_.\-/]+)$/;
// Secrets Manager names: letters, digits and /_+=.@- ; ARNs add ':'.
const SECRET_ID = /^[A-Za-z0-9/_+=.@:-]+$/;
const LABEL = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_NAME_LENGTH = 2048;

function describe(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function checkText(value: unknown, subject: string, option: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new ParameterOptionsError(
      describe(subject),
      option,
      `must be a non-empty string, got ${typeof value === 'string' ? 'an empty string' : typeof value}`,
    );
  }
  if (value.length > MAX_NAME_LENGTH) {
    throw new ParameterOptionsError(
      value.slice(0, 64),
      option,
      `must be at most ${MAX_NAME_LENGTH} characters`,
    );
  }
}

/** A Parameter Store name, ARN, or /aws/reference/secretsmanager/ reference. */
export function checkParameterName(name: unknown, option = 'name'): asserts name is string {
  checkText(name, describe(name), option);
  if (name.startsWith(REFERENCE_PREFIX)) {
    if (!SECRET_ID.test(name.slice(REFERENCE_PREFIX.length))) {
      throw new ParameterOptionsError(
        name,
        option,
        'a Secrets Manager reference must name a secret after /aws/reference/secretsmanager/',
      );
    }
    return;
  }
  if (name.startsWith('arn:') ? !PARAMETER_ARN.test(name) : !PARAMETER_NAME.test(name)) {
    throw new ParameterOptionsError(
      name,
      option,
      'a parameter name may only contain letters, digits, ".", "-", "_" and "/" (or be an ssm parameter ARN)',
    );
  }
}

/** A Secrets Manager secret name or ARN. */
export function checkSecretId(id: unknown): asserts id is string {
  checkText(id, describe(id), 'secretId');
  if (!SECRET_ID.test(id)) {
    throw new ParameterOptionsError(
      id,
      'secretId',
      'a secret id may only contain letters, digits and /_+=.@- (or be a secret ARN)',
    );
  }
}

/**
 * `maxAge` and `timeoutMs`, which no cache key holds: checked before the cache is read too, so a call
 * with a bad one is refused on a warm cache as on a cold one.
 */
export function checkUnkeyedOptions(subject: string, options: BaseGetOptions): void {
  const { maxAge, timeoutMs } = options;
  // Infinity is allowed: cached for the life of the execution environment.
  if (maxAge !== undefined && !(typeof maxAge === 'number' && maxAge >= 0)) {
    throw new ParameterOptionsError(
      subject,
      'maxAge',
      `must be a number of seconds >= 0 (or Infinity), got ${describe(maxAge)}`,
    );
  }
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))
  ) {
    throw new ParameterOptionsError(
      subject,
      'timeoutMs',
      `must be a number of milliseconds > 0, got ${describe(timeoutMs)}`,
    );
  }
}

/** The options every getter shares. */
export function checkBaseOptions(subject: string, options: BaseGetOptions & { transform?: unknown }): void {
  checkUnkeyedOptions(subject, options);
  const { transform, transport } = options;
  if (transform !== undefined && !TRANSFORMS.has(transform as string)) {
    throw new ParameterOptionsError(
      subject,
      'transform',
      `must be 'json', 'binary' or 'auto', got ${JSON.stringify(transform)}`,
    );
  }
  if (transport !== undefined && !TRANSPORTS.has(transport)) {
    throw new ParameterOptionsError(
      subject,
      'transport',
      `must be 'auto', 'extension' or 'sdk', got ${JSON.stringify(transport)}`,
    );
  }
}

/** `version` (a whole number >= 1) and `label`, never both. */
export function checkSelector(name: string, version: unknown, label: unknown): void {
  if (version !== undefined && label !== undefined) {
    throw new ParameterOptionsError(name, 'version and label', 'give either a version or a label, not both');
  }
  if (version !== undefined && !(typeof version === 'number' && Number.isInteger(version) && version >= 1)) {
    throw new ParameterOptionsError(name, 'version', `must be a whole number >= 1, got ${describe(version)}`);
  }
  if (label !== undefined && !(typeof label === 'string' && LABEL.test(label))) {
    throw new ParameterOptionsError(
      name,
      'label',
      `must be 1-100 letters, digits, ".", "-" or "_", got ${JSON.stringify(label)}`,
    );
  }
}

/** `versionStage` and `versionId`, never both. */
export function checkSecretVersion(id: string, versionStage: unknown, versionId: unknown): void {
  if (versionStage !== undefined && versionId !== undefined) {
    throw new ParameterOptionsError(
      id,
      'versionStage and versionId',
      'give either a versionStage or a versionId, not both',
    );
  }
  for (const [option, value] of [
    ['versionStage', versionStage],
    ['versionId', versionId],
  ] as const) {
    if (value !== undefined && !(typeof value === 'string' && /^[A-Za-z0-9_.-]{1,256}$/.test(value))) {
      throw new ParameterOptionsError(
        id,
        option,
        `must be a non-empty string of letters, digits, ".", "-" or "_", got ${JSON.stringify(value)}`,
      );
    }
  }
}

import { activeSegment, isFacade } from './active-segment.js';
import type { XraySdk } from './sdk-loader.js';

/** What aws-xray-sdk-core registers on an AWS SDK v2 client (its `captureAWSRequest`). */
type RequestCustomizer = (this: unknown, request: unknown) => unknown;

/** An AWS SDK v2 client, as far as capturing it goes. */
interface AwsV2Client {
  customizeRequests(customizer: RequestCustomizer): void;
  /** DocumentClient is a wrapper: the client it calls is here. */
  service?: AwsV2Client;
}

/** The SDK's request customizer, made to nest under lambkit's active segment, per loaded SDK. */
const customizers = new WeakMap<XraySdk, RequestCustomizer>();

/**
 * aws-xray-sdk-core looks for the parent of a v2 call in its own context, where lambkit does not
 * keep its segments: the call would nest under the Lambda segment instead of under the handler or
 * `captureMethod` subsegment active when it is made, as it does in Powertools. The SDK's customizer
 * runs synchronously when the request is built, so lambkit's active segment is lent to the SDK's
 * context for that call. The facade stays the SDK's own: the SDK refreshes it from the trace header
 * itself.
 */
function nestingCustomizer(sdk: XraySdk): RequestCustomizer {
  const cached = customizers.get(sdk);
  if (cached !== undefined) return cached;
  const { xray } = sdk;
  let sdkCustomizer: RequestCustomizer | undefined;
  // The SDK exports no name for it: it registers it on whatever client it is given.
  xray.captureAWSClient({
    customizeRequests(customizer: RequestCustomizer) {
      sdkCustomizer = customizer;
    },
  } as never);
  const captureRequest = sdkCustomizer as RequestCustomizer;
  const customizer: RequestCustomizer = function captureAwsV2Request(this: unknown, request: unknown) {
    const parent = activeSegment();
    if (parent === undefined || isFacade(parent)) return captureRequest.call(this, request);
    return xray.getNamespace().runAndReturn(() => {
      xray.setSegment(parent as never);
      return captureRequest.call(this, request);
    });
  };
  customizers.set(sdk, customizer);
  return customizer;
}

/**
 * Records every call of one AWS SDK v2 client as a subsegment, as aws-xray-sdk-core's
 * `captureAWSClient` does; a DocumentClient is captured through the client it wraps, as Powertools
 * does. Throws what the SDK throws for anything that is not a v2 client.
 *
 * @example
 * captureAwsV2Client(new AWS.S3(), sdk);
 */
export function captureAwsV2Client<T>(service: T, sdk: XraySdk): T {
  const customizer = nestingCustomizer(sdk);
  const client = service as unknown as AwsV2Client;
  try {
    client.customizeRequests(customizer);
  } catch (error) {
    // Powertools' fallback: AWS.DynamoDB.DocumentClient has no customizeRequests of its own.
    if (typeof client?.service?.customizeRequests !== 'function') throw error;
    client.service.customizeRequests(customizer);
  }
  return service;
}

/** The version of AWS SDK v2 aws-xray-sdk-core requires (aws_p.js: minVersion). */
const MIN_VERSION = [2, 7, 15];

function isOlderThanRequired(version: unknown): boolean {
  const parts = String(version).split('.').map(Number);
  for (let index = 0; index < MIN_VERSION.length; index++) {
    const part = parts[index] ?? 0;
    if (part !== MIN_VERSION[index]) return !(part > (MIN_VERSION[index] as number));
  }
  return false;
}

/**
 * Records every call of every client of the AWS SDK v2 module `aws`, as aws-xray-sdk-core's
 * `captureAWS` does (and with its error for a version older than 2.7.15).
 *
 * @example
 * const AWS = captureAwsV2(require('aws-sdk'), sdk);
 */
export function captureAwsV2<T>(aws: T, sdk: XraySdk): T {
  const module = aws as unknown as Record<string, { serviceIdentifier?: string; prototype: AwsV2Client }>;
  const version = (aws as { VERSION?: unknown }).VERSION;
  if (isOlderThanRequired(version)) {
    throw new Error(`AWS SDK version ${MIN_VERSION.join('.')} or greater required.`);
  }
  const customizer = nestingCustomizer(sdk);
  for (const name in module) {
    const service = module[name];
    if (service?.serviceIdentifier) service.prototype.customizeRequests(customizer);
  }
  return aws;
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type * as XRay from 'aws-xray-sdk-core';
import { type SegmentScope, tracerSharedState } from './shared-state.js';

/** The parts of aws-xray-sdk-core the tracer uses, resolved once when tracing is on. */
export interface XraySdk {
  Segment: typeof XRay.Segment;
  Subsegment: typeof XRay.Subsegment;
  /**
   * The SDK's `aws` block builder for AWS calls (operation, region, request id, whitelisted params),
   * imported on the first traced AWS call rather than with the SDK: a function that makes no AWS call
   * does not pay for it.
   */
  awsAttributes(): Promise<AwsAttributes>;
  /** A facade segment for one invocation, built from its X-Ray trace header. */
  createFacade(traceHeader: string): XRay.Segment;
}

/** The constructor of the SDK's `aws` block. */
export type AwsAttributes = new (response: unknown, serviceName: string) => object;

function defaultExport<T>(module: T): T {
  return (module as { default?: T }).default ?? module;
}

async function importSdk(): Promise<XraySdk> {
  const xray = defaultExport(await import('aws-xray-sdk-core'));
  const { populateTraceData } = xray.utils.LambdaUtils;
  let awsAttributes: Promise<AwsAttributes> | undefined;

  /**
   * The invocation's segment, which Lambda itself sends: like the SDK's own Lambda facade it is
   * never sent, and its counter stays at 1, so each subsegment is streamed as soon as it closes.
   * The SDK keeps one facade per process and resets it whenever the trace header changes; lambkit
   * makes one per invocation instead, so interleaved invocations never share it. It is built on a
   * prototype made once, not through the Segment constructor, whose random ids (three calls into
   * the CSPRNG, a third of an untraced invocation's cost) would be overwritten by the header's anyway.
   */
  const facadePrototype: XRay.Segment = Object.create(xray.Segment.prototype, {
    facade: { value: true },
    name: { value: 'facade', writable: true },
    incrementCounter: { value: function facadeIncrementCounter() {} },
    decrementCounter: { value: function facadeDecrementCounter() {} },
    close: { value: function facadeClose() {} },
    flush: { value: function facadeFlush() {} },
  });
  function createFacade(traceHeader: string): XRay.Segment {
    const facade = Object.create(facadePrototype) as XRay.Segment & { counter: number };
    facade.counter = 1;
    populateTraceData(facade, traceHeader);
    return facade;
  }

  // Lambda's facade is never closed, so subsegments must stream as they close (the SDK does the same
  // when it starts in Lambda; this covers a process where LAMBDA_TASK_ROOT is not set).
  xray.setStreamingThreshold(0);
  return {
    Segment: xray.Segment,
    Subsegment: xray.Subsegment,
    awsAttributes() {
      // The SDK exports no class for the `aws` block of a call; this file has kept its path since
      // 3.0, and the SDK is in maintenance (no new layout is coming).
      awsAttributes ??= import('aws-xray-sdk-core/dist/lib/segments/attributes/aws.js').then(
        (module) => defaultExport(module) as unknown as AwsAttributes,
      );
      return awsAttributes;
    },
    createFacade,
  };
}

function describeLoadError(error: unknown): string {
  // The first line only: a missing module's message goes on with the whole require stack.
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/**
 * Loads aws-xray-sdk-core once per process and resolves with it, or with undefined (after one
 * warning) when it cannot be loaded: tracing then does nothing, and no invocation fails for it.
 *
 * @example
 * const sdk = await loadXraySdk();
 */
export function loadXraySdk(): Promise<XraySdk | undefined> {
  const shared = tracerSharedState();
  shared.loading ??= importSdk().then(
    function xraySdkLoaded(sdk) {
      shared.scopes = new AsyncLocalStorage<SegmentScope>();
      shared.sdk = sdk;
      return sdk;
    },
    function xraySdkFailed(error: unknown) {
      console.warn(
        `@lambkit/tracer: tracing is on but aws-xray-sdk-core could not be loaded (${describeLoadError(error)}); nothing will be traced. Install aws-xray-sdk-core 3, or set POWERTOOLS_TRACE_ENABLED=false.`,
      );
      return undefined;
    },
  );
  return shared.loading;
}

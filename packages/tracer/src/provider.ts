import { writeWarning } from '@lambkit/core';
import { activeSegment, dataSegment, openSubsegment, runWithSegment } from './active-segment.js';
import type { TracerSettings } from './config.js';
import { installHttpCapture } from './http-capture.js';
import type { XraySdk } from './sdk-loader.js';
import type { SegmentLike, SubsegmentLike } from './segment.js';
import { tracerSharedState } from './shared-state.js';
import type { Tracer } from './tracer.js';

/**
 * What to do when aws-xray-sdk-core finds no segment: a strategy name, or a function given the
 * message.
 *
 * @example
 * tracer.provider.setContextMissingStrategy('IGNORE_ERROR');
 */
export type ContextMissingStrategy =
  | 'LOG_ERROR'
  | 'RUNTIME_ERROR'
  | 'IGNORE_ERROR'
  | ((message: string) => void);

/**
 * `tracer.provider`, Powertools' escape hatch to aws-xray-sdk-core (its ProviderService): the same
 * methods, backed by the SDK the tracer loaded and by the tracer's own record of the active
 * segment, so what is set through one is seen by the other. For the SDK's other features, import
 * aws-xray-sdk-core itself. With tracing off (the SDK is then never loaded) the SDK settings do
 * nothing and the captures run the function untraced.
 *
 * @example
 * tracer.provider.setLogger(logger);
 */
export interface TracerProvider {
  /** The SDK's cls-hooked namespace (undefined with tracing off). */
  getNamespace(): unknown;
  getSegment(): SegmentLike | undefined;
  setSegment(segment: SegmentLike): void;
  /** The SDK's logger (aws-xray-sdk-core's setLogger): any object with debug, info, warn and error. */
  setLogger(logObj: unknown): void;
  setDaemonAddress(address: string): void;
  setContextMissingStrategy(strategy: ContextMissingStrategy): void;
  /** @deprecated Powertools' AWS SDK v2 helper; use `tracer.captureAWSv3Client()`. */
  captureAWS<T>(awsservice: T): T;
  /** @deprecated Powertools' AWS SDK v2 helper; use `tracer.captureAWSv3Client()`. */
  captureAWSClient<T>(awsservice: T): T;
  captureAWSv3Client<T>(awsservice: T): T;
  /** Runs `fcn` with a new subsegment, active inside it, which `fcn` must close (as the SDK's captureAsyncFunc). */
  captureAsyncFunc(
    name: string,
    fcn: (subsegment?: SubsegmentLike) => unknown,
    parent?: SegmentLike,
  ): unknown;
  /** Runs `fcn` in a new subsegment, closed when `fcn` returns or throws (as the SDK's captureFunc). */
  captureFunc(name: string, fcn: (subsegment?: SubsegmentLike) => unknown, parent?: SegmentLike): unknown;
  /** Records node:http and node:https calls (lambkit records both, and fetch, with either method). */
  captureHTTPsGlobal(): void;
  /** Records fetch calls (lambkit records both, and node:http(s), with either method). */
  instrumentFetch(): void;
  putAnnotation(key: string, value: string | number | boolean): void;
  putMetadata(key: string, value: unknown, namespace?: string): void;
}

/**
 * Builds `tracer.provider` for one tracer (on first use, never at INIT).
 *
 * @example
 * const provider = createProvider(tracer, settings);
 */
export function createProvider(tracer: Tracer, settings: TracerSettings): TracerProvider {
  /** Runs `fn` with the SDK once it is loaded (a bundled one loads during INIT); never with tracing off. */
  function withSdk(method: string, fn: (xray: XraySdk['xray']) => void): void {
    if (!settings.enabled) return;
    if (settings.backend === 'opentelemetry') {
      writeWarning({
        package: '@lambkit/tracer',
        code: 'TRACER_OTEL_PROVIDER_UNUSED',
        message: `@lambkit/tracer: tracer.provider.${method} sets aws-xray-sdk-core, which backend 'opentelemetry' never loads; it does nothing. Configure the OpenTelemetry SDK (or the ADOT layer) instead.`,
        onceKey: `tracer:otel-provider.${method}`,
      });
      return;
    }
    const sdk = tracerSharedState().sdk;
    if (sdk !== undefined) {
      fn(sdk.xray);
      return;
    }
    void tracer.ready().then(function applyToLoadedSdk(loaded) {
      const later = tracerSharedState().sdk;
      if (loaded && later !== undefined) fn(later.xray);
    });
  }

  function openCaptured(name: string): SubsegmentLike | undefined {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(
        `tracer.provider: a subsegment name must be a non-empty string, got ${JSON.stringify(name)}`,
      );
    }
    const parent = settings.enabled ? activeSegment() : undefined;
    return parent === undefined ? undefined : openSubsegment(parent, name);
  }

  /** The active segment when it can hold data; the Lambda segment cannot (Powertools warns the same). */
  function enabledDataSegment(what: string): SegmentLike | undefined {
    return settings.enabled ? dataSegment(what) : undefined;
  }

  return {
    getNamespace() {
      return tracerSharedState().sdk?.xray.getNamespace();
    },
    getSegment: () => tracer.getSegment(),
    setSegment: (segment) => tracer.setSegment(segment),
    setLogger(logObj) {
      withSdk('setLogger', (xray) => xray.setLogger(logObj as never));
    },
    setDaemonAddress(address) {
      withSdk('setDaemonAddress', (xray) => xray.setDaemonAddress(address));
    },
    setContextMissingStrategy(strategy) {
      withSdk('setContextMissingStrategy', (xray) => xray.setContextMissingStrategy(strategy as never));
    },
    captureAWS: (aws) => tracer.captureAWS(aws),
    captureAWSClient: (service) => tracer.captureAWSClient(service),
    captureAWSv3Client: (service) => tracer.captureAWSv3Client(service),
    captureAsyncFunc(name, fcn) {
      const subsegment = openCaptured(name);
      if (subsegment === undefined) return fcn();
      try {
        return runWithSegment(subsegment, () => fcn(subsegment));
      } catch (error) {
        subsegment.close(error as Error);
        throw error;
      }
    },
    captureFunc(name, fcn) {
      const subsegment = openCaptured(name);
      if (subsegment === undefined) return fcn();
      let result: unknown;
      try {
        result = runWithSegment(subsegment, () => fcn(subsegment));
      } catch (error) {
        subsegment.close(error as Error);
        throw error;
      }
      subsegment.close();
      return result;
    },
    captureHTTPsGlobal() {
      if (settings.enabled) installHttpCapture();
    },
    instrumentFetch() {
      if (settings.enabled) installHttpCapture();
    },
    putAnnotation(key, value) {
      tracer.putAnnotation(key, value);
    },
    putMetadata(key, value, namespace) {
      // Unlike tracer.putMetadata, the SDK's default namespace ("default"), as Powertools' provider.
      enabledDataSegment('metadata')?.addMetadata(key, value, namespace);
    },
  };
}

import { AsyncLocalStorage } from 'node:async_hooks';
// Aliased: a bundle's banner often declares `createRequire` itself (see docs/tracer.md, Bundling).
import { createRequire as createRequireForOtel } from 'node:module';
import { traceHeaderField, writeWarning } from '@lambkit/core';
import type * as OtelApi from '@opentelemetry/api';
import { describeLoadError, isModuleMissing, thisModuleFile } from './sdk-loader.js';
import type { SegmentLike } from './segment.js';
import { type SegmentScope, tracerSharedState } from './shared-state.js';
import { SpanRoot } from './span-segment.js';

type OtelApiModule = typeof OtelApi;

/** The loaded @opentelemetry/api and the tracer lambkit records with, once a provider is registered. */
export interface OtelBinding {
  api: OtelApiModule;
  tracer: OtelApi.Tracer;
}

/** The instrumentation scope lambkit's spans carry. */
const SCOPE_NAME = '@lambkit/tracer';

const TRACE_ID = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/**
 * The span context an X-Ray trace header stands for (`Root=1-5759e988-bd862e3fe1be46a994272793;
 * Parent=53995c3f42cd8ad8;Sampled=1` is trace id 5759e988bd862e3fe1be46a994272793, span id
 * 53995c3f42cd8ad8, sampled), as @opentelemetry/propagator-aws-xray extracts it (a test checks the
 * two agree). Parsed here so the backend needs nothing but @opentelemetry/api. Undefined for a header
 * without a valid Root and Parent.
 *
 * @example
 * spanContextOfTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
 */
export function spanContextOfTraceHeader(traceHeader: string): OtelApi.SpanContext | undefined {
  const root = TRACE_ID.exec(traceHeaderField(traceHeader, 'Root')?.toLowerCase() ?? '');
  const parent = traceHeaderField(traceHeader, 'Parent')?.toLowerCase();
  if (root === null || parent === undefined || !SPAN_ID.test(parent)) return undefined;
  const traceId = `${root[1]}${root[2]}`;
  if (/^0+$/.test(traceId) || /^0+$/.test(parent)) return undefined;
  const sampled = traceHeaderField(traceHeader, 'Sampled') === '1';
  return { traceId, spanId: parent, traceFlags: sampled ? 1 : 0, isRemote: true };
}

/** The module's named exports; a bundler's CommonJS interop may put them under `default`. */
function namedExports(module: OtelApiModule): OtelApiModule {
  if (typeof module.ROOT_CONTEXT === 'object') return module;
  return (module as unknown as { default?: OtelApiModule }).default ?? module;
}

/**
 * The tracer of the registered tracer provider, or undefined when none is registered: the API's
 * global provider is then a proxy with no delegate, and every span it made would be dropped.
 */
function registeredTracer(api: OtelApiModule): OtelApi.Tracer | undefined {
  const provider = api.trace.getTracerProvider() as Partial<OtelApi.ProxyTracerProvider>;
  if (typeof provider.getDelegateTracer !== 'function') return api.trace.getTracer(SCOPE_NAME);
  return provider.getDelegateTracer(SCOPE_NAME);
}

const NO_PROVIDER_WARNING =
  "@lambkit/tracer: backend 'opentelemetry' is chosen but no OpenTelemetry tracer provider is registered; nothing will be traced until one is. Add the ADOT Lambda layer (AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-handler), or register your own provider (new NodeTracerProvider(...).register()) before the first invocation, or set LAMBKIT_TRACER_BACKEND=xray.";

/**
 * The root of each invocation's span tree, for `api`. The span already active when the invocation
 * starts wins when it belongs to the invocation's trace (the ADOT layer starts one per invocation);
 * else the span context of the X-Ray trace header, so spans join Lambda's own trace.
 */
function createRootFor(api: OtelApiModule) {
  let binding: OtelBinding | undefined;
  return function createSpanRoot(traceHeader: string | undefined): SegmentLike | undefined {
    if (binding === undefined) {
      const tracer = registeredTracer(api);
      if (tracer === undefined) {
        // Checked again on the next invocation: a provider may be registered after INIT.
        writeWarning({
          package: '@lambkit/tracer',
          code: 'TRACER_OTEL_NO_PROVIDER',
          message: NO_PROVIDER_WARNING,
          onceKey: 'tracer:otel-no-provider',
        });
        return undefined;
      }
      binding = { api, tracer };
      tracerSharedState().otel = binding;
    }
    const fromHeader = traceHeader === undefined ? undefined : spanContextOfTraceHeader(traceHeader);
    const active = api.trace.getSpanContext(api.context.active());
    if (active !== undefined && api.isSpanContextValid(active)) {
      if (fromHeader === undefined || active.traceId === fromHeader.traceId) {
        return new SpanRoot(binding, api.context.active(), active);
      }
    }
    if (fromHeader === undefined) return undefined;
    return new SpanRoot(binding, api.trace.setSpanContext(api.ROOT_CONTEXT, fromHeader), fromHeader);
  };
}

function isApiMissing(error: unknown): boolean {
  return isModuleMissing(error, '@opentelemetry/api');
}

function loadFailureWarning(error: unknown): string {
  const cause = describeLoadError(error);
  const fix = isApiMissing(error)
    ? 'Install @opentelemetry/api 1 next to @lambkit/tracer (the ADOT Lambda layer provides it; a bundle must include it)'
    : 'Fix the cause above';
  return `@lambkit/tracer: backend 'opentelemetry' is chosen but @opentelemetry/api could not be loaded (${cause}); nothing will be traced. ${fix}, set LAMBKIT_TRACER_BACKEND=xray, or set POWERTOOLS_TRACE_ENABLED=false.`;
}

/**
 * Loads @opentelemetry/api once per process (never aws-xray-sdk-core): synchronously where it is
 * installed (node_modules, or NODE_PATH such as the ADOT layer's), else the copy a bundler put in the
 * bundle, within INIT. Resolves with true once it is, or false after one warning when it cannot be
 * loaded: tracing then does nothing, and no invocation fails for it. Whether a tracer provider is
 * registered is checked on the first invocation, since the user's code may register one after
 * `new Tracer()`.
 *
 * @example
 * const loaded = await loadOtelApi();
 */
export function loadOtelApi(): Promise<boolean> {
  const shared = tracerSharedState();
  if (shared.otelLoading !== undefined) return shared.otelLoading;
  function otelApiLoaded(module: OtelApiModule): boolean {
    const api = namedExports(module);
    shared.scopes ??= new AsyncLocalStorage<SegmentScope>();
    shared.recorder = { kind: 'opentelemetry', createRoot: createRootFor(api) };
    return true;
  }
  function otelApiFailed(error: unknown): boolean {
    writeWarning({
      package: '@lambkit/tracer',
      code: 'TRACER_OTEL_API_UNAVAILABLE',
      message: loadFailureWarning(error),
    });
    return false;
  }
  try {
    const module = createRequireForOtel(thisModuleFile())('@opentelemetry/api') as OtelApiModule;
    shared.otelLoading = Promise.resolve(otelApiLoaded(module));
  } catch (error) {
    // The static import() is what a bundler follows; left out of a bundle, it rejects and is reported.
    shared.otelLoading = isApiMissing(error)
      ? import('@opentelemetry/api').then(otelApiLoaded).then(undefined, otelApiFailed)
      : Promise.resolve(otelApiFailed(error));
  }
  return shared.otelLoading;
}

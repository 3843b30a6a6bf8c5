import { AsyncLocalStorage } from 'node:async_hooks';
// Aliased: a bundle's banner often declares `createRequire` itself (see docs/tracer.md, Bundling).
import { createRequire as createRequireForTracer, Module } from 'node:module';
import { fileURLToPath } from 'node:url';
import { writeWarning } from '@lambkit/core';
import type * as XRay from 'aws-xray-sdk-core';
import { type SegmentScope, tracerSharedState } from './shared-state.js';

/** The parts of aws-xray-sdk-core the tracer uses, resolved once when tracing is on. */
export interface XraySdk {
  /** The module itself, for what lambkit hands on to it (SDK v2 clients, `tracer.provider`). */
  xray: typeof XRay;
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

type XrayModule = typeof XRay;

/**
 * Where the single-file SDK (dist/cjs/xray-sdk.js, and the layer's aws-xray-sdk-core) hangs the
 * constructor of its `aws` block on the SDK object: that file has no deep paths to import it from.
 */
const AWS_ATTRIBUTES = Symbol.for('@lambkit/tracer.xray-aws-attributes');

function defaultExport<T>(module: T): T {
  return (module as { default?: T }).default ?? module;
}

/** The tracer's view of a loaded aws-xray-sdk-core, with the facade prototype built once. */
function adoptSdk(module: XrayModule): XraySdk {
  const xray = defaultExport(module);
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
    xray,
    Segment: xray.Segment,
    Subsegment: xray.Subsegment,
    awsAttributes() {
      const attached = (xray as unknown as Record<symbol, AwsAttributes | undefined>)[AWS_ATTRIBUTES];
      if (attached !== undefined) return Promise.resolve(attached);
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

/**
 * The file this code runs from (dist/cjs/sdk-loader.js, dist/esm/index.js, or the bundle holding
 * it), read from the call stack: one source serves the CommonJS build, which has no import.meta,
 * and the ES module build, which has no __filename.
 */
export function thisModuleFile(): string {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.prepareStackTrace = (_error, callSites) => callSites;
  Error.stackTraceLimit = 1;
  try {
    const file = (new Error().stack as unknown as NodeJS.CallSite[] | undefined)?.[0]?.getFileName();
    return file?.startsWith('/') || file?.startsWith('file:') ? file : `${process.cwd()}/`;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** What dist/cjs/xray-sdk.js exports: the SDK in one file (scripts/build-xray-sdk.mjs). */
interface PrebundledSdk {
  version: string;
  loadSdk(): XrayModule;
}

/** A file of a package's build (dist/esm/_chunks/chunk-X.js, dist/cjs/sdk-loader.js), after its folder. */
const BUILT_FILE = /^(.*\/)dist\/(?:esm|cjs)\//;

/**
 * The single-file SDK @lambkit/tracer ships (dist/cjs/xray-sdk.js), in the package's folder: known
 * from the path of a file of its build (resolving the package by its own name, which leads there
 * too, costs about a millisecond at INIT), else resolved by name (from its sources in the
 * repository). Undefined in a user's bundle (no @lambkit/tracer beside it) and in the layer, which
 * ships the file as aws-xray-sdk-core itself and leaves this copy out.
 */
function prebundledSdk(require: NodeJS.Require, fromFile: string): PrebundledSdk | undefined {
  const built = BUILT_FILE.exec(fromFile.startsWith('file:') ? fileURLToPath(fromFile) : fromFile);
  try {
    const root =
      built?.[1] ?? require.resolve('@lambkit/tracer/package.json').slice(0, -'package.json'.length);
    return require(`${root}dist/cjs/xray-sdk.js`) as PrebundledSdk;
  } catch {
    return undefined;
  }
}

/** The version of the aws-xray-sdk-core installed at `entry` (its dist/lib/index.js), if readable. */
function installedVersion(require: NodeJS.Require, entry: string): string | undefined {
  const root = entry.slice(0, entry.lastIndexOf('/dist/lib/'));
  try {
    return (require(`${root}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Makes `entry` (the installed SDK's main file) resolve to `sdk` for every later require() and
 * import of aws-xray-sdk-core in this process, so the user's code and lambkit share one SDK object
 * (its logger, daemon address, context missing strategy, sampling rules): the installed files are
 * never run. Only done when the installed version is the version of the single file.
 */
function adoptAsInstalled(require: NodeJS.Require, entry: string, sdk: XrayModule): void {
  const module = new Module(entry);
  module.filename = entry;
  module.loaded = true;
  module.exports = sdk;
  require.cache[entry] = module;
}

/**
 * Loads aws-xray-sdk-core synchronously, during INIT, as require() resolves it from this file (the
 * package's node_modules, or NODE_PATH such as a layer's /opt/nodejs/node_modules):
 * - already loaded (the function imported it before `new Tracer()`): that object;
 * - installed at the version of the single file @lambkit/tracer ships: the single file, in the
 *   installed copy's place (one file to read instead of ~84, and less of the SDK run at load);
 * - installed at another version: the installed copy;
 * - not installed: the single file.
 * A synchronous load is what lets hand-made instrumentation work on the first invocation with no
 * `await`. Throws the resolution error when neither is there (the SDK may then be in a bundle).
 * `fromFile` is where resolution starts: this module's file.
 *
 * @example
 * const xray = requireXraySdk();
 */
export function requireXraySdk(fromFile: string = thisModuleFile()): XrayModule {
  const require = createRequireForTracer(fromFile);
  let entry: string | undefined;
  try {
    entry = require.resolve('aws-xray-sdk-core');
  } catch (error) {
    const prebundled = prebundledSdk(require, fromFile);
    if (prebundled === undefined) throw error;
    return prebundled.loadSdk();
  }
  const loaded = require.cache[entry];
  if (loaded?.loaded === true) return loaded.exports as XrayModule;
  const prebundled = prebundledSdk(require, fromFile);
  if (prebundled === undefined || prebundled.version !== installedVersion(require, entry)) {
    return require(entry) as XrayModule;
  }
  const sdk = prebundled.loadSdk();
  adoptAsInstalled(require, entry, sdk);
  return sdk;
}

/**
 * Imports the copy of aws-xray-sdk-core a bundler put inside the bundle (esbuild, as `sam build`
 * runs it): the static import() is what the bundler follows; in a bundle it resolves within INIT.
 * The SDK is CommonJS and requires Node's modules (util, dgram...) through the bundler's require
 * shim, which an ES module bundle without a createRequire banner lacks ("Dynamic require of "util"
 * is not supported"): while the SDK's modules run, a require() made for this file stands in for it
 * on globalThis, and is taken away once they have.
 */
function importBundledSdk(): Promise<XrayModule> {
  const holder = globalThis as { require?: unknown };
  const lent = typeof holder.require === 'function' ? undefined : createRequireForTracer(thisModuleFile());
  if (lent !== undefined) holder.require = lent;
  const imported = import('aws-xray-sdk-core');
  function returnRequire(): void {
    if (lent !== undefined && holder.require === lent) delete holder.require;
  }
  imported.then(returnRequire, returnRequire);
  return imported;
}

/**
 * True when loading failed because `name` is not installed (require or import), rather than
 * because the module threw while loading.
 *
 * @example
 * if (isModuleMissing(error, '@opentelemetry/api')) return import('@opentelemetry/api');
 */
export function isModuleMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}'`)
  );
}

function isSdkMissing(error: unknown): boolean {
  return isModuleMissing(error, 'aws-xray-sdk-core');
}

/**
 * Why a module failed to load, in one line: a missing module's message goes on with the whole
 * require stack.
 *
 * @example
 * describeLoadError(error); // "Cannot find module 'aws-xray-sdk-core'"
 */
export function describeLoadError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

const BANNER =
  "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);";

/** The one warning of a tracer that cannot trace, naming what to do about it. */
function loadFailureWarning(error: unknown): string {
  const cause = describeLoadError(error);
  const off = 'or set POWERTOOLS_TRACE_ENABLED=false';
  if (isSdkMissing(error)) {
    return `@lambkit/tracer: tracing is on but aws-xray-sdk-core is not installed (${cause}); nothing will be traced. Install aws-xray-sdk-core 3 next to @lambkit/tracer (a bundle must include it), ${off}.`;
  }
  const fix = cause.startsWith('Dynamic require of')
    ? `it is bundled in an ES module that gives it no require(): add the banner "${BANNER}" to the bundle (esbuild --banner:js, SAM BuildProperties Banner), or bundle as CommonJS, ${off}`
    : `fix the cause above (a malformed AWS_XRAY_DAEMON_ADDRESS is one), ${off}`;
  return `@lambkit/tracer: tracing is on but aws-xray-sdk-core was found and failed to load (${cause}); nothing will be traced: ${fix}.`;
}

/**
 * Loads aws-xray-sdk-core once per process, synchronously where it is installed (so the SDK is
 * ready when `new Tracer()` returns) and within INIT where it is bundled. Resolves with it, or with
 * undefined (after one warning) when it cannot be loaded: tracing then does nothing, and no
 * invocation fails for it.
 *
 * @example
 * const sdk = await loadXraySdk();
 */
export function loadXraySdk(): Promise<XraySdk | undefined> {
  const shared = tracerSharedState();
  if (shared.loading !== undefined) return shared.loading;
  function xraySdkLoaded(module: XrayModule): XraySdk {
    const sdk = adoptSdk(module);
    shared.scopes ??= new AsyncLocalStorage<SegmentScope>();
    shared.sdk = sdk;
    shared.recorder = {
      kind: 'xray',
      createRoot: (traceHeader) => (traceHeader === undefined ? undefined : sdk.createFacade(traceHeader)),
    };
    return sdk;
  }
  function xraySdkFailed(error: unknown): undefined {
    writeWarning({
      package: '@lambkit/tracer',
      code: 'TRACER_XRAY_SDK_UNAVAILABLE',
      message: loadFailureWarning(error),
    });
    return undefined;
  }
  let module: XrayModule | undefined;
  try {
    module = requireXraySdk();
  } catch (error) {
    // xraySdkFailed also catches xraySdkLoaded's throw (a bundled SDK whose modules failed earlier
    // comes back half-built): a rejection here would be unhandled and end the process.
    shared.loading = isSdkMissing(error)
      ? importBundledSdk().then(xraySdkLoaded).then(undefined, xraySdkFailed)
      : Promise.resolve(xraySdkFailed(error));
    return shared.loading;
  }
  try {
    shared.loading = Promise.resolve(xraySdkLoaded(module));
  } catch (error) {
    shared.loading = Promise.resolve(xraySdkFailed(error));
  }
  return shared.loading;
}

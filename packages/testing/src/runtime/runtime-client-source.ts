// The files `startLambda` writes into the directory that stands for /var/runtime. They run in the
// child Node process (any version Lambda offers, with Lambda's flags), so they are plain JavaScript
// modules kept here as text: they must exist on disk whether @lambkit/testing runs from its sources
// or from its build.

/**
 * A resolve hook that gives ES module imports the NODE_PATH fallback Lambda's Node.js runtimes (18 and
 * later) have and plain Node lacks: a bare specifier that Node's own resolution cannot find (task root
 * and its ancestors' node_modules) is looked up in each NODE_PATH directory named node_modules, in
 * order, with the package's exports map and the "import" condition as usual. Only directories named
 * node_modules are searched, as a package directory must sit directly in one for Node's resolver to
 * read its package.json the standard way.
 */
export const NODE_PATH_HOOKS_SOURCE = `// ES module NODE_PATH resolution, as Lambda's Node.js runtimes do it.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

let directories = [];

export function initialize(data) {
  directories = String(data?.nodePath ?? '')
    .split(':')
    .filter((dir) => dir !== '' && basename(dir) === 'node_modules');
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBare(specifier) {
  return !/^(?:[./]|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
}

function layerParent(specifier, error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) return undefined;
  const name = packageName(specifier);
  for (const dir of directories) {
    if (!existsSync(join(dir, name, 'package.json')) && !existsSync(join(dir, name))) continue;
    // A parent module directly inside dir makes Node's resolver look in dir's own node_modules
    // first (absent) and then in dir itself, where the package is.
    return pathToFileURL(join(dir, '[node-path].mjs')).href;
  }
  return undefined;
}

/** The hook for module.register() (Node 20 and 22: runs on the loader's own thread). */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const parentURL = layerParent(specifier, error);
    if (parentURL === undefined) throw error;
    return nextResolve(specifier, { ...context, parentURL });
  }
}

/** The same for module.registerHooks() (Node 22.15 and later: synchronous, in the main thread). */
export function resolveSync(specifier, context, nextResolve) {
  try {
    return nextResolve(specifier, context);
  } catch (error) {
    const parentURL = layerParent(specifier, error);
    if (parentURL === undefined) throw error;
    return nextResolve(specifier, { ...context, parentURL });
  }
}
`;

/**
 * Registers the NODE_PATH hooks: in-thread with module.registerHooks where Node has it (22.15 and
 * later), else on the loader thread with module.register. Loaded with `--import` ahead of a runtime
 * client that lacks them, and imported by lambkit's runtime client.
 */
export const REGISTER_NODE_PATH_HOOKS_SOURCE = `import * as nodeModule from 'node:module';
import { initialize, resolveSync } from './node-path-hooks.mjs';

const data = { nodePath: process.env.NODE_PATH };
if (typeof nodeModule.registerHooks === 'function') {
  initialize(data);
  nodeModule.registerHooks({ resolve: resolveSync });
} else {
  nodeModule.register('./node-path-hooks.mjs', import.meta.url, { data });
}
`;

/**
 * lambkit's Lambda runtime client: what /var/runtime/index.mjs does in Lambda's Node.js runtimes,
 * after aws-lambda-ric 4 (its handler loading, InvokeStore, console format, context, error
 * documents) for buffered handlers. Response streaming is not supported: such a handler fails INIT.
 */
export const RUNTIME_CLIENT_SOURCE = `// lambkit's Lambda runtime client (see @lambkit/testing startLambda).
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { format } from 'node:util';

const require = createRequire(import.meta.url);
const [hostname, port] = String(process.env.AWS_LAMBDA_RUNTIME_API).split(':');
const nodeMajor = Number(process.versions.node.split('.')[0]);

class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

// The InvokeStore aws-lambda-ric installs on globalThis.awslambda (single-concurrency flavour).
const KEYS = {
  REQUEST_ID: Symbol.for('_AWS_LAMBDA_REQUEST_ID'),
  X_RAY_TRACE_ID: Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID'),
  TENANT_ID: Symbol.for('_AWS_LAMBDA_TENANT_ID'),
};
const invokeStore = {
  currentContext: undefined,
  getContext() { return this.currentContext; },
  hasContext() { return this.currentContext !== undefined; },
  get(key) { return this.currentContext?.[key]; },
  set(key, value) {
    if (Object.values(KEYS).includes(key)) throw new Error('Cannot modify protected Lambda context field: ' + String(key));
    this.currentContext = this.currentContext || {};
    this.currentContext[key] = value;
  },
  run(context, fn) { this.currentContext = context; return fn(); },
  getRequestId() { return this.get(KEYS.REQUEST_ID) ?? '-'; },
  getXRayTraceId() { return this.get(KEYS.X_RAY_TRACE_ID); },
  getTenantId() { return this.get(KEYS.TENANT_ID); },
};
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
if (!['1', 'true'].includes(process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA ?? '')) {
  globalThis.awslambda = {
    ...globalThis.awslambda,
    InvokeStore: invokeStore,
    streamifyResponse(handler) { handler[STREAMING] = 'response'; return handler; },
  };
}

// console.* as the runtime patches it: one line per call, newlines turned into carriage returns.
const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const jsonFormat = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
const minLevel = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
function logLine(level, message, ...params) {
  const timestamp = new Date().toISOString();
  const requestId = invokeStore.getRequestId();
  let line;
  if (jsonFormat) {
    const record = { timestamp, level, requestId, message: params.length === 0 && typeof message !== 'string' ? message : format(message, ...params) };
    const error = params.find((param) => param instanceof Error);
    if (error) Object.assign(record, { errorType: error.constructor?.name ?? 'UnknownError', errorMessage: error.message, stackTrace: String(error.stack ?? '').split('\\n') });
    try { line = JSON.stringify(record); } catch { line = JSON.stringify({ ...record, message: format(message) }); }
  } else {
    line = [timestamp, requestId, level, format(message, ...params)].join('\\t');
  }
  process.stdout.write(line.replace(/\\n/g, '\\r') + '\\n');
}
for (const [name, level] of [['trace', 'TRACE'], ['debug', 'DEBUG'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['fatal', 'FATAL']]) {
  console[name] = LEVELS[level] >= minLevel ? (message, ...params) => logLine(level, message, ...params) : () => {};
}
console.log = console.info;

function formatError(error) {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: String(error.stack ?? '').split('\\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function logError(message, error) {
  const err = error instanceof Error ? error : new Error(String(error));
  if (jsonFormat) { console.error(err); return; }
  let details;
  try {
    details = JSON.stringify(err, (_key, value) => value instanceof Error
      ? Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value, { stack: String(value.stack ?? '').split('\\n') })
      : value);
  } catch {
    details = JSON.stringify(formatError(err));
  }
  console.error(message, '\\t' + details);
}

// HTTP/1.1 over one kept-alive socket, written by hand: like aws-lambda-ric's native client (curl),
// the runtime's own traffic then never shows up in node:http instrumentation such as a tracer's.
let socket;
let received = Buffer.alloc(0);
let waiting;

function connection() {
  if (socket && !socket.destroyed) return socket;
  socket = connect({ host: hostname, port: Number(port) });
  socket.setNoDelay(true);
  received = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    received = Buffer.concat([received, chunk]);
    waiting?.();
  });
  socket.on('error', (error) => waiting?.(error));
  socket.on('close', () => waiting?.(new Error('the Runtime API closed the connection')));
  return socket;
}

function parseResponse() {
  const end = received.indexOf('\\r\\n\\r\\n');
  if (end === -1) return undefined;
  const [statusLine, ...headerLines] = received.subarray(0, end).toString('latin1').split('\\r\\n');
  const headers = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (received.length < end + 4 + length) return undefined;
  const body = received.subarray(end + 4, end + 4 + length).toString('utf8');
  received = received.subarray(end + 4 + length);
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

function call(method, pathname, body = '', headers = {}) {
  return new Promise((resolve, reject) => {
    const lines = [method + ' ' + pathname + ' HTTP/1.1', 'Host: ' + hostname + ':' + port, 'Connection: keep-alive'];
    for (const [name, value] of Object.entries(headers)) lines.push(name + ': ' + value);
    if (method !== 'GET') lines.push('Content-Length: ' + Buffer.byteLength(body));
    waiting = (error) => {
      if (error) {
        waiting = undefined;
        reject(error);
        return;
      }
      const response = parseResponse();
      if (response === undefined) return;
      waiting = undefined;
      resolve(response);
    };
    connection().write(lines.join('\\r\\n') + '\\r\\n\\r\\n' + body);
  });
}

function post(pathname, document, headers = {}) {
  const body = JSON.stringify(document === undefined ? null : document);
  return call('POST', pathname, body, { 'Content-Type': 'application/json', ...headers });
}

function postError(pathname, error) {
  const document = formatError(error);
  return post(pathname, document, { 'Lambda-Runtime-Function-Error-Type': document.errorType ?? 'Unhandled' });
}

// Handler loading, as aws-lambda-ric 4 does it: "<moduleRoot>/<module>.<export path>", the module
// tried as given, then .js, .mjs and .cjs through import(), then through require.resolve.
async function loadHandler(appRoot, handlerString) {
  if (handlerString.includes('..')) {
    throw new RuntimeError('Runtime.MalformedHandlerName', "'" + handlerString + "' is not a valid handler name. Use absolute paths when specifying root directories in handler names.");
  }
  const base = path.basename(handlerString);
  const moduleRoot = handlerString.substring(0, handlerString.indexOf(base)).replace(/\\/$/, '');
  const match = /^([^.]*)\\.(.*)$/.exec(base);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, handlerName] = match;
  let module;
  try {
    const full = path.resolve(appRoot, moduleRoot, moduleName);
    for (const extension of ['', '.js', '.mjs', '.cjs']) {
      if (existsSync(full + extension)) { module = await import(full + extension); break; }
    }
    if (module === undefined) {
      module = require(require.resolve(moduleName, { paths: [appRoot, path.join(appRoot, moduleRoot)] }));
    }
  } catch (error) {
    if (error instanceof SyntaxError) {
      const wrapped = new RuntimeError('Runtime.UserCodeSyntaxError', String(error));
      wrapped.stack = error.stack;
      throw wrapped;
    }
    if (error?.code === 'MODULE_NOT_FOUND') throw new RuntimeError('Runtime.ImportModuleError', String(error));
    throw error;
  }
  const find = (from) => handlerName.split('.').reduce((nested, key) => (nested && typeof nested === 'object' ? nested[key] : undefined), from);
  let handler = find(module);
  if (!handler && module && typeof module === 'object' && 'default' in module) handler = find(module.default);
  if (!handler) throw new RuntimeError('Runtime.HandlerNotFound', handlerString + ' is undefined or not exported');
  if (typeof handler !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', handlerString + ' is not a function');
  if (handler[STREAMING]) throw new RuntimeError('Runtime.MalformedStreamingHandler', "response streaming is not supported by lambkit's runtime client");
  if (handler.length >= 3 && nodeMajor >= 24) {
    throw new RuntimeError('Runtime.CallbackHandlerDeprecated', 'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.');
  }
  return handler;
}

function buildContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const json = (value) => (value ? JSON.parse(value) : undefined);
  const traceId = headers['lambda-runtime-trace-id'];
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  return {
    callbackWaitsForEmptyEventLoop: true,
    clientContext: json(headers['lambda-runtime-client-context']),
    identity: json(headers['lambda-runtime-cognito-identity']),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    tenantId: headers['lambda-runtime-aws-tenant-id'],
    xRayTraceId: traceId,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  };
}

function runHandler(handler, event, context) {
  if (handler.length < 3) return handler(event, context);
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
  });
}

if (!process.argv.includes('--no-esm-node-path')) await import('./register-node-path-hooks.mjs');

async function main() {
  let handler;
  try {
    handler = await loadHandler(process.env.LAMBDA_TASK_ROOT, process.env._HANDLER);
  } catch (error) {
    logError('Init Error', error);
    await postError('/2018-06-01/runtime/init/error', error);
    throw error;
  }
  for (;;) await invokeNext(handler);
}

async function invokeNext(handler) {
  const next = await call('GET', '/2018-06-01/runtime/invocation/next');
  const context = buildContext(next.headers);
  const requestId = context.awsRequestId;
  const event = JSON.parse(next.body);
  await invokeStore.run({ [KEYS.REQUEST_ID]: requestId, [KEYS.X_RAY_TRACE_ID]: context.xRayTraceId, [KEYS.TENANT_ID]: context.tenantId }, async () => {
    try {
      const result = await runHandler(handler, event, context);
      await new Promise((done) => setImmediate(done));
      await post('/2018-06-01/runtime/invocation/' + encodeURIComponent(requestId) + '/response', result);
    } catch (error) {
      await new Promise((done) => setImmediate(done));
      logError('Invoke Error', error);
      await postError('/2018-06-01/runtime/invocation/' + encodeURIComponent(requestId) + '/error', error);
    }
  });
}

// Not awaited, as in aws-lambda-ric: an INIT failure ends the process as an unhandled rejection
// (exit code 1), and a handler whose promise never settles with nothing else pending lets it exit.
main();
`;

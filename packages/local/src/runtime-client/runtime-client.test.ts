// The runtime client's modules, run in this process (the function process runs the same code, see
// runtime/run-lambda.test.ts): console format, invocation store, handler loading, context, the
// Runtime API connection and loop against a real local Runtime API, and the NODE_PATH hooks.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TempTree, writeTree } from '../../test/runtime/test-functions.js';
import { type RuntimeApi, startRuntimeApi } from '../index.js';
import { formatLogLine, logSettings, patchConsole } from './console.js';
import { formatError, logError, RuntimeError } from './errors.js';
import { createInvokeStore, INVOKE_KEYS, installAwsLambdaGlobal, STREAMING } from './invoke-store.js';
import { buildContext } from './lambda-context.js';
import { loadHandler } from './load-handler.js';
import { initialize, resolve, resolveSync } from './node-path-hooks.js';
import { RuntimeConnection } from './runtime-connection.js';
import { invokeNext, runRuntimeLoop } from './runtime-loop.js';

const trees: TempTree[] = [];
function tree(files: Record<string, string>): string {
  const written = writeTree(files);
  trees.push(written);
  return written.dir;
}
afterAll(() => {
  for (const written of trees) written.remove();
});

describe('console format', () => {
  const text = { json: false, minLevel: 1 };
  const json = { json: true, minLevel: 1 };

  it('reads AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL, and falls back to text at TRACE', () => {
    expect(logSettings({ AWS_LAMBDA_LOG_FORMAT: 'json', AWS_LAMBDA_LOG_LEVEL: 'warn' })).toEqual({
      json: true,
      minLevel: 4,
    });
    expect(logSettings({ AWS_LAMBDA_LOG_LEVEL: 'LOUD' })).toEqual({ json: false, minLevel: 1 });
    expect(logSettings({})).toEqual({ json: false, minLevel: 1 });
  });

  it('writes text lines as timestamp, request id, level and message, newlines turned into carriage returns', () => {
    const line = formatLogLine(text, 'INFO', 'r-1', ['hello %s\nworld', 'ada']);
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z\tr-1\tINFO\thello ada\rworld$/);
  });

  it('writes JSON lines with the message formatted, or kept as a value when it is the only argument', () => {
    expect(JSON.parse(formatLogLine(json, 'WARN', 'r-2', ['n=%d', 3]))).toMatchObject({
      level: 'WARN',
      requestId: 'r-2',
      message: 'n=3',
    });
    expect(JSON.parse(formatLogLine(json, 'INFO', 'r-2', [{ orderId: 'o-1' }])).message).toEqual({
      orderId: 'o-1',
    });
  });

  it('adds errorType, errorMessage and stackTrace for an error argument in JSON', () => {
    const record = JSON.parse(formatLogLine(json, 'ERROR', 'r-3', ['failed', new TypeError('bad')]));
    expect(record).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad' });
    expect(record.stackTrace[0]).toBe('TypeError: bad');
  });

  it('falls back to the formatted message when the message cannot be serialized', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const record = JSON.parse(formatLogLine(json, 'INFO', 'r-4', [circular]));
    expect(record.message).toContain('[Circular *1]');
  });

  describe('patchConsole', () => {
    const saved = { ...console };
    afterEach(() => Object.assign(console, saved));

    it('writes console calls at or above the level with the current request id, and drops the others', () => {
      const written: string[] = [];
      const store = createInvokeStore();
      patchConsole({ json: false, minLevel: 3 }, store, (line) => written.push(line));
      console.debug('hidden');
      console.error('outside');
      store.run({ [INVOKE_KEYS.REQUEST_ID]: 'r-5' }, () => console.log('shown'));
      expect(written).toHaveLength(2);
      expect(written[0]).toMatch(/\t-\tERROR\toutside\n$/);
      expect(written[1]).toMatch(/\tr-5\tINFO\tshown\n$/);
    });
  });
});

describe('invocation store', () => {
  it('holds one invocation context at a time and refuses writes to the keys the runtime owns', () => {
    const store = createInvokeStore();
    expect(store.hasContext()).toBe(false);
    expect(store.getRequestId()).toBe('-');
    store.run(
      {
        [INVOKE_KEYS.REQUEST_ID]: 'r-1',
        [INVOKE_KEYS.X_RAY_TRACE_ID]: 'Root=1',
        [INVOKE_KEYS.TENANT_ID]: 't',
      },
      () => {
        store.set('custom', 42);
        expect(store.get('custom')).toBe(42);
        expect(store.getContext()).toMatchObject({ custom: 42 });
        expect([store.getRequestId(), store.getXRayTraceId(), store.getTenantId()]).toEqual([
          'r-1',
          'Root=1',
          't',
        ]);
        expect(() => store.set(INVOKE_KEYS.REQUEST_ID, 'x')).toThrow(
          'Cannot modify protected Lambda context field: Symbol(_AWS_LAMBDA_REQUEST_ID)',
        );
      },
    );
  });

  it('starts a context on the first write outside an invocation', () => {
    const store = createInvokeStore();
    store.set('early', true);
    expect(store.hasContext()).toBe(true);
  });

  describe('the awslambda global', () => {
    const holder = globalThis as { awslambda?: Record<string, any> };
    afterEach(() => {
      delete holder.awslambda;
    });

    it('exposes the store and marks handlers given to streamifyResponse', () => {
      const store = createInvokeStore();
      installAwsLambdaGlobal(store, {});
      expect(holder.awslambda?.InvokeStore).toBe(store);
      const handler = holder.awslambda?.streamifyResponse(() => undefined);
      expect(handler[STREAMING]).toBe('response');
    });

    it('stays away when AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA is true', () => {
      installAwsLambdaGlobal(createInvokeStore(), { AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA: 'true' });
      expect(holder.awslambda).toBeUndefined();
    });
  });
});

describe('error documents', () => {
  it('describes a thrown non-error by its type', () => {
    expect(formatError('oops')).toEqual({ errorType: 'string', errorMessage: 'oops', trace: [] });
  });

  it('logs a failure as text with the error serialized after a tab, or as the error in JSON', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const error = Object.assign(new RuntimeError('Runtime.Test', 'broke'), { code: 'E1' });
      logError('Invoke Error', error, { json: false });
      logError('Invoke Error', 'plain', { json: true });
      const [message, details] = spy.mock.calls[0] as [string, string];
      expect(message).toBe('Invoke Error');
      expect(JSON.parse(details.slice(1))).toMatchObject({
        errorType: 'Runtime.Test',
        errorMessage: 'broke',
        code: 'E1',
      });
      expect(spy.mock.calls[1]?.[0]).toEqual(new Error('plain'));
    } finally {
      spy.mockRestore();
    }
  });

  it('falls back to the error document when the error cannot be serialized', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const error = Object.assign(new Error('loop'), { big: 1n });
      logError('Init Error', error, { json: false });
      expect(JSON.parse(String(spy.mock.calls[0]?.[1]).slice(1))).toMatchObject({ errorType: 'Error' });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('loadHandler', () => {
  const root = tree({
    'app.mjs':
      'export const handler = async () => 1;\nexport const nested = { orders: { list: async () => 2 } };\nexport const value = 3;\nexport const streaming = Object.assign(async () => 4, { [Symbol.for("aws.lambda.runtime.handler.streaming")]: "response" });\nexport const callback = (event, context, done) => done(null, 5);\n',
    'defaults.mjs': 'export default { handler: async () => 6 };\n',
    'node_modules/pkg-handler/package.json': '{ "name": "pkg-handler", "main": "main.js" }',
    'node_modules/pkg-handler/main.js': 'exports.handler = async () => 7;\n',
  });

  it('loads an export, a nested export path, a default export and a package from node_modules', async () => {
    expect(await (await loadHandler(root, 'app.handler', 22))()).toBe(1);
    expect(await (await loadHandler(root, 'app.nested.orders.list', 22))()).toBe(2);
    expect(await (await loadHandler(root, 'defaults.handler', 22))()).toBe(6);
    expect(await (await loadHandler(root, 'pkg-handler.handler', 22))()).toBe(7);
  });

  it.each([
    ['../app.handler', 'Runtime.MalformedHandlerName'],
    ['app', 'Runtime.MalformedHandlerName'],
    ['missing.handler', 'Runtime.ImportModuleError'],
    ['app.absent', 'Runtime.HandlerNotFound'],
    ['app.value', 'Runtime.HandlerNotFound'],
    ['app.streaming', 'Runtime.MalformedStreamingHandler'],
  ])('rejects %s with %s', async (handler, name) => {
    await expect(loadHandler(root, handler, 22)).rejects.toMatchObject({ name });
  });

  it('accepts a callback handler before Node 24 and rejects it from Node 24 on', async () => {
    expect(typeof (await loadHandler(root, 'app.callback', 22))).toBe('function');
    await expect(loadHandler(root, 'app.callback', 24)).rejects.toMatchObject({
      name: 'Runtime.CallbackHandlerDeprecated',
    });
  });
});

describe('buildContext', () => {
  it('builds the context from the invocation headers and sets or clears _X_AMZN_TRACE_ID', () => {
    const env: NodeJS.ProcessEnv = { AWS_LAMBDA_FUNCTION_NAME: 'orders', _X_AMZN_TRACE_ID: 'old' };
    const context = buildContext(
      {
        'lambda-runtime-aws-request-id': 'r-1',
        'lambda-runtime-deadline-ms': String(Date.now() + 1000),
        'lambda-runtime-trace-id': 'Root=1-abc',
        'lambda-runtime-client-context': '{"custom":{"a":1}}',
      },
      env,
    );
    expect(context).toMatchObject({
      awsRequestId: 'r-1',
      functionName: 'orders',
      clientContext: { custom: { a: 1 } },
    });
    expect(context.identity).toBeUndefined();
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(env._X_AMZN_TRACE_ID).toBe('Root=1-abc');
    buildContext({ 'lambda-runtime-aws-request-id': 'r-2' }, env);
    expect(env._X_AMZN_TRACE_ID).toBeUndefined();
  });
});

describe('the runtime loop against a local Runtime API', () => {
  let api: RuntimeApi;
  let connection: RuntimeConnection;
  const root = tree({
    'index.mjs': `export const handler = async (event, context) => {
  if (event.fail) throw new TypeError('bad order');
  return { id: event.id, requestId: context.awsRequestId, store: globalThis.awslambda?.InvokeStore?.getRequestId() };
};
export const callback = (event, context, done) => setImmediate(() => done(null, { viaCallback: event.id }));
export const promised = (event, context, done) => Promise.resolve({ viaPromise: event.id });
`,
  });
  beforeEach(async () => {
    api = await startRuntimeApi();
    connection = new RuntimeConnection(api.address);
  });
  afterEach(async () => {
    connection.close();
    await api.close();
  });

  function options(handler: string) {
    return {
      connection,
      store: createInvokeStore(),
      env: { LAMBDA_TASK_ROOT: root, _HANDLER: handler },
      json: true,
      nodeMajor: 22,
    };
  }

  it('posts the response of each invocation, run inside the invocation store', async () => {
    const loop = runRuntimeLoop(options('index.handler'));
    loop.catch(() => undefined);
    const first = await api.invoke({ event: { id: 1 }, requestId: 'r-1' });
    const second = await api.invoke({ event: { id: 2 } });
    expect(first).toMatchObject({ status: 'success', response: { id: 1, requestId: 'r-1' } });
    expect(second).toMatchObject({ status: 'success', response: { id: 2 } });
    await api.close();
    await expect(loop).rejects.toThrow();
  });

  it('posts a thrown error as the invocation error, with its type in the header', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const served = options('index.handler');
      const pending = api.invoke({ event: { fail: true } });
      await invokeNext(await loadHandler(root, 'index.handler', 22), served);
      expect(await pending).toMatchObject({
        status: 'error',
        error: { errorType: 'TypeError', errorMessage: 'bad order', errorTypeHeader: 'TypeError' },
      });
    } finally {
      spy.mockRestore();
    }
  });

  it('waits for the callback of a callback handler, or for the promise it returns', async () => {
    for (const [name, expected] of [
      ['callback', { viaCallback: 3 }],
      ['promised', { viaPromise: 3 }],
    ] as const) {
      const pending = api.invoke({ event: { id: 3 } });
      await invokeNext(await loadHandler(root, `index.${name}`, 22), options(`index.${name}`));
      expect((await pending).response).toEqual(expected);
    }
  });

  it('reports a handler that cannot be loaded to /init/error and fails', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(runRuntimeLoop(options('index.absent'))).rejects.toMatchObject({
        name: 'Runtime.HandlerNotFound',
      });
      expect(api.initError).toMatchObject({ errorType: 'Runtime.HandlerNotFound' });
    } finally {
      spy.mockRestore();
    }
  });

  it('fails a call when the Runtime API cannot be reached', async () => {
    const port = api.port;
    await api.close();
    await expect(new RuntimeConnection(`127.0.0.1:${port}`).call('GET', '/')).rejects.toThrow();
  });
});

describe('NODE_PATH hooks', () => {
  const layer = tree({ 'node_modules/greet/package.json': '{ "name": "greet" }' });
  const notFound = Object.assign(new Error('not found'), { code: 'ERR_MODULE_NOT_FOUND' });
  beforeEach(() => initialize({ nodePath: `${layer}/node_modules:/var/runtime:` }));

  function nextResolve(specifier: string, context: { parentURL?: string }) {
    if (context.parentURL?.includes('node-path'))
      return { url: `resolved:${specifier}`, from: context.parentURL };
    throw notFound;
  }

  it('resolves a bare specifier Node cannot find from a NODE_PATH node_modules directory that has it', () => {
    const result = resolveSync('greet', { parentURL: 'file:///var/task/index.mjs' }, nextResolve);
    expect(result).toEqual({
      url: 'resolved:greet',
      from: `file://${layer}/node_modules/%5Bnode-path%5D.mjs`,
    });
  });

  it('leaves relative specifiers, unknown packages and other errors to Node', () => {
    expect(() => resolveSync('./local.mjs', {}, nextResolve)).toThrow(notFound);
    expect(() => resolveSync('@scope/absent/sub', {}, nextResolve)).toThrow(notFound);
    const other = new Error('other');
    expect(() =>
      resolveSync('greet', {}, () => {
        throw other;
      }),
    ).toThrow(other);
  });

  it('does the same asynchronously for module.register', async () => {
    await expect(
      resolve('greet', {}, async (specifier, context) => nextResolve(specifier, context)),
    ).resolves.toMatchObject({
      url: 'resolved:greet',
    });
    await expect(
      resolve('node:fs', {}, async (specifier, context) => nextResolve(specifier, context)),
    ).rejects.toThrow(notFound);
  });
});

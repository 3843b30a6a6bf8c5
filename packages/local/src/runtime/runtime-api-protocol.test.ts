// startRuntimeApi's answers to what a runtime client may get wrong, and its waiting helpers.
import { afterEach, describe, expect, it } from 'vitest';
import { type RuntimeApi, startRuntimeApi } from '../index.js';

const RUNTIME = '/2018-06-01/runtime';
let api: RuntimeApi;
afterEach(() => api.close());

function call(path: string, init: RequestInit = {}) {
  return fetch(`http://${api.address}${RUNTIME}${path}`, init);
}

describe('startRuntimeApi protocol', () => {
  it('sends a string event as it is, no trace header when asked, and the client context, identity and tenant', async () => {
    api = await startRuntimeApi();
    const outcome = api.invoke({
      event: 'raw text',
      traceHeader: null,
      requestId: 'r-1',
      clientContext: { custom: { a: 1 } },
      cognitoIdentity: { identityId: 'id-1' },
      tenantId: 'tenant-1',
    });

    const next = await call('/invocation/next');
    await call('/invocation/r-1/response', { method: 'POST', body: 'not json' });

    expect(await next.text()).toBe('raw text');
    expect(next.headers.get('lambda-runtime-trace-id')).toBeNull();
    expect(next.headers.get('lambda-runtime-client-context')).toBe('{"custom":{"a":1}}');
    expect(next.headers.get('lambda-runtime-cognito-identity')).toBe('{"identityId":"id-1"}');
    expect(next.headers.get('lambda-runtime-aws-tenant-id')).toBe('tenant-1');
    expect(await outcome).toMatchObject({ status: 'success', rawResponse: 'not json', response: undefined });
  });

  it('keeps an error body that is not JSON as the message, with the X-Ray cause header', async () => {
    api = await startRuntimeApi();
    const outcome = api.invoke({ requestId: 'r-2', json: true, event: 'quoted' });
    const next = await call('/invocation/next');
    await call('/invocation/r-2/error', {
      method: 'POST',
      body: 'plain failure',
      headers: { 'lambda-runtime-function-xray-error-cause': '{"exceptions":[]}' },
    });

    expect(await next.text()).toBe('"quoted"');
    expect((await outcome).error).toEqual({
      errorMessage: 'plain failure',
      xrayErrorCause: '{"exceptions":[]}',
    });
  });

  it('answers 404 for an unknown path and 405 for another method', async () => {
    api = await startRuntimeApi();

    const unknown = await call('/invocation/r/other', { method: 'POST', body: '{}' });
    const put = await call('/invocation/next', { method: 'PUT' });

    expect([unknown.status, ((await unknown.json()) as { errorType: string }).errorType]).toEqual([
      404,
      'NotFound',
    ]);
    expect([put.status, ((await put.json()) as { errorType: string }).errorType]).toEqual([
      405,
      'MethodNotAllowed',
    ]);
  });

  it('reports an init error without a type as unknown, and rejects ready() after it', async () => {
    api = await startRuntimeApi();
    const waiting = expect(api.ready(5000)).rejects.toThrow('the runtime reported an init error: unknown: ');
    await call('/init/error', { method: 'POST', body: '{}' });

    await waiting;
    await expect(api.ready()).rejects.toThrow('the runtime reported an init error: undefined');
  });

  it('rejects ready() after its timeout, and ready(), invoke() and queued invocations after abort()', async () => {
    api = await startRuntimeApi();
    await expect(api.ready(10)).rejects.toThrow('the runtime did not ask for an invocation within 10 ms');
    const queued = api.invoke({});
    const waiting = api.ready(5000);

    api.abort(new Error('stopped'));

    await expect(queued).rejects.toThrow('stopped');
    await expect(waiting).rejects.toThrow('stopped');
    await expect(api.ready()).rejects.toThrow('stopped');
    await expect(api.invoke({})).rejects.toThrow('stopped');
    await expect(api.nextAfter('any')).resolves.toBeUndefined();
  });

  it('resolves nextAfter when the runtime asks again, or after its timeout', async () => {
    api = await startRuntimeApi();
    const outcome = api.invoke({ requestId: 'r-3' });
    await call('/invocation/next');
    const afterTimeout = api.nextAfter('never-delivered', 10);
    const afterNext = api.nextAfter('r-3', 5000);
    await call('/invocation/r-3/response', { method: 'POST', body: '1' });
    const parked = call('/invocation/next');

    await expect(afterNext).resolves.toBeUndefined();
    await expect(afterTimeout).resolves.toBeUndefined();
    await expect(api.nextAfter('r-3')).resolves.toBeUndefined();
    expect((await outcome).response).toBe(1);
    expect(api.readyAt).toBeTypeOf('number');
    await api.close();
    await expect(parked).rejects.toThrow();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES, type RuntimeApi, startRuntimeApi } from '../index.js';

let api: RuntimeApi;
let base: string;

beforeEach(async () => {
  api = await startRuntimeApi({ functionName: 'orders', timeoutMs: 5000 });
  base = `http://${api.address}/2018-06-01/runtime`;
});

afterEach(async () => {
  await api.close();
});

function next(): Promise<Response> {
  return fetch(`${base}/invocation/next`);
}

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('startRuntimeApi', () => {
  it('answers GET next with the event and the documented invocation headers', async () => {
    const outcome = api.invoke({
      event: { orderId: 'o-1' },
      requestId: '8476a536-e9f4-11e8-9739-2dfe598c3fcd',
      traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      clientContext: { custom: { a: 1 } },
      cognitoIdentity: { cognitoIdentityId: 'id-1' },
    });
    const before = Date.now();

    const response = await next();
    const after = Date.now();

    expect(await response.json()).toEqual({ orderId: 'o-1' });
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'lambda-runtime-aws-request-id': '8476a536-e9f4-11e8-9739-2dfe598c3fcd',
      'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      'lambda-runtime-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      'lambda-runtime-client-context': '{"custom":{"a":1}}',
      'lambda-runtime-cognito-identity': '{"cognitoIdentityId":"id-1"}',
    });
    const deadline = Number(response.headers.get('lambda-runtime-deadline-ms'));
    // The deadline is set when the invocation is handed out: the function's timeout (5 s) from then.
    expect(deadline).toBeGreaterThanOrEqual(before + 5000);
    expect(deadline).toBeLessThanOrEqual(after + 5000);
    await post('/invocation/8476a536-e9f4-11e8-9739-2dfe598c3fcd/response', '"done"');
    expect((await outcome).response).toBe('done');
  });

  it('holds GET next open until an invocation arrives', async () => {
    const pending = next();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const outcome = api.invoke({ event: { late: true } });

    const response = await pending;
    expect(await response.json()).toEqual({ late: true });
    await post(`/invocation/${response.headers.get('lambda-runtime-aws-request-id')}/response`, '{}');
    expect((await outcome).status).toBe('success');
  });

  it('resolves an invocation with the error document the runtime posts, and its headers', async () => {
    const outcome = api.invoke({ event: {} });
    const requestId = (await next()).headers.get('lambda-runtime-aws-request-id');

    const answer = await post(
      `/invocation/${requestId}/error`,
      JSON.stringify({ errorType: 'TypeError', errorMessage: 'boom', stackTrace: ['at x'] }),
      { 'lambda-runtime-function-error-type': 'TypeError' },
    );

    expect(answer.status).toBe(202);
    expect(await outcome).toMatchObject({
      status: 'error',
      error: {
        errorType: 'TypeError',
        errorMessage: 'boom',
        stackTrace: ['at x'],
        errorTypeHeader: 'TypeError',
      },
    });
  });

  it('refuses a result for a request id it never delivered, naming the id', async () => {
    const answer = await post('/invocation/not-a-request/response', '{}');

    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({
      errorType: 'InvalidRequestID',
      errorMessage: 'request id not-a-request is not a running invocation',
    });
  });

  it('refuses a second result for the same invocation', async () => {
    const outcome = api.invoke({ event: {} });
    const requestId = (await next()).headers.get('lambda-runtime-aws-request-id');
    await post(`/invocation/${requestId}/response`, '1');
    await outcome;

    const again = await post(`/invocation/${requestId}/response`, '2');

    expect(again.status).toBe(400);
    expect(((await again.json()) as { errorMessage: string }).errorMessage).toBe(
      `request id ${requestId} already has a result`,
    );
  });

  it('turns a response over 6 MB into a Function.ResponseSizeTooLarge error, as Lambda does', async () => {
    const outcome = api.invoke({ event: {} });
    const requestId = (await next()).headers.get('lambda-runtime-aws-request-id');

    const answer = await post(
      `/invocation/${requestId}/response`,
      JSON.stringify('x'.repeat(MAX_RESPONSE_BYTES)),
    );

    expect(answer.status).toBe(413);
    expect(await outcome).toMatchObject({
      status: 'error',
      error: { errorType: 'Function.ResponseSizeTooLarge' },
    });
  });

  it('rejects ready() with the init error the runtime posts', async () => {
    const ready = api.ready(2000).catch((error: Error) => error);

    await post(
      '/init/error',
      JSON.stringify({ errorType: 'Runtime.ImportModuleError', errorMessage: 'no index' }),
      {
        'lambda-runtime-function-error-type': 'Runtime.ImportModuleError',
      },
    );

    expect((await ready)?.message).toBe(
      'the runtime reported an init error: Runtime.ImportModuleError: no index',
    );
    expect(api.initError).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: 'no index' });
  });

  it('delivers invocations queued before the runtime asks in the order they were queued', async () => {
    const first = api.invoke({ event: 1, requestId: 'r-1' });
    const second = api.invoke({ event: 2, requestId: 'r-2' });

    const ids = [];
    for (let i = 0; i < 2; i++) {
      const response = await next();
      const id = response.headers.get('lambda-runtime-aws-request-id');
      ids.push([id, await response.json()]);
      await post(`/invocation/${id}/response`, '{}');
    }

    expect(ids).toEqual([
      ['r-1', 1],
      ['r-2', 2],
    ]);
    await Promise.all([first, second]);
  });
});

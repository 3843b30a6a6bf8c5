// Connection failures the loopback cannot stage on demand (a broken pipe, an aborted connection, a
// connection that never completes), through a node:http whose request() plays a script: one step
// per request, the last one repeated.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import { getParameter } from './index.js';

type Step = { refuse: string } | 'no connection' | { status: number; body: string };

const script = vi.hoisted(() => ({ steps: [] as unknown[], requests: 0 }));

vi.mock('node:http', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:http')>();
  return { ...real, default: real, request: scriptedRequest };
});

/** A ClientRequest that plays the next step once ended: an error, silence, or an answer. */
function scriptedRequest(_options: unknown, onResponse: (response: EventEmitter) => void): EventEmitter {
  script.requests++;
  const step = (script.steps.length > 1 ? script.steps.shift() : script.steps[0]) as Step;
  const outgoing = Object.assign(new EventEmitter(), {
    // As a ClientRequest: destroy(error) emits it.
    destroy: (error: Error) => process.nextTick(() => outgoing.emit('error', error)),
    end: () => process.nextTick(() => play(step, outgoing, onResponse)),
  });
  return outgoing;
}

function play(step: Step, outgoing: EventEmitter, onResponse: (response: EventEmitter) => void): void {
  if (step === 'no connection') {
    outgoing.emit('socket', { connecting: true, once: () => undefined });
  } else if ('refuse' in step) {
    outgoing.emit(
      'error',
      Object.assign(new Error(`connect ${step.refuse} 127.0.0.1:2773`), { code: step.refuse }),
    );
  } else {
    outgoing.emit('socket', { connecting: false });
    const response = Object.assign(new EventEmitter(), {
      statusCode: step.status,
      setEncoding: () => undefined,
    });
    onResponse(response);
    response.emit('data', step.body);
    response.emit('end');
  }
}

const flag = {
  status: 200,
  body: JSON.stringify({ Parameter: { Name: '/app/flag', Type: 'String', Value: 'on', Version: 1 } }),
};

useEmulators();

/** Points the environment at the scripted extension and sets the steps of the next requests. */
function extensionPlays(...steps: Step[]): void {
  process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = '2773';
  process.env.AWS_SESSION_TOKEN = 'token';
  script.steps = steps;
  script.requests = 0;
}

async function rejection(call: Promise<unknown>): Promise<any> {
  return call.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('connection errors of the extension', () => {
  it('retries a broken pipe and an aborted connection, as a stale keep-alive socket gives them', async () => {
    extensionPlays({ refuse: 'EPIPE' }, { refuse: 'ECONNABORTED' }, flag);

    const value = await getParameter('/app/flag');

    expect(value).toBe('on');
    expect(script.requests).toBe(3);
  });

  it('says nothing listens after refusals when the last attempt never got a connection, keeping the refusal as cause', async () => {
    extensionPlays({ refuse: 'ECONNREFUSED' }, 'no connection');

    const error = await rejection(getParameter('/app/flag', { transport: 'extension', timeoutMs: 200 }));

    expect(error.cause.name).toBe('ExtensionUnreachableError');
    expect(error.cause.message).toMatch(
      /^nothing accepted connections on localhost:2773 \(connection refused, 2 attempts over \d+ ms\)$/,
    );
    expect(error.cause.cause.code).toBe('ECONNREFUSED');
    expect(script.requests).toBe(2);
  });

  it('says it timed out waiting for a connection when none was ever refused', async () => {
    extensionPlays('no connection');

    const error = await rejection(getParameter('/app/flag', { transport: 'extension', timeoutMs: 100 }));

    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": the request to the extension timed out after 100 ms (timeoutMs) while waiting for a connection',
    );
    expect(script.requests).toBe(1);
  });

  it('counts a single refused attempt as one, when timeoutMs leaves no time for a retry', async () => {
    extensionPlays({ refuse: 'ECONNREFUSED' });

    const error = await rejection(getParameter('/app/flag', { transport: 'extension', timeoutMs: 10 }));

    expect(error.cause.message).toMatch(
      /^nothing accepted connections on localhost:2773 \(connection refused, 1 attempt over \d+ ms\)$/,
    );
    expect(script.requests).toBe(1);
  });
});

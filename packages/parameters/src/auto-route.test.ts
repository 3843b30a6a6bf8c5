// Where transport 'auto' starts inside Lambda, by what /opt/extensions holds (read through a mocked
// node:fs/promises, since this machine has no /opt/extensions), and what a new execution environment
// knows before its first call.
import { captureOutput } from '@lambkit/testing';
import { describe, expect, it, vi } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import { getParameter, getParametersByName } from './index.js';
import { decideAutoRoute, resolveTransport } from './transport.js';

const extensionsDir = vi.hoisted(() => ({ entries: [] as string[] | Promise<string[]> }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = async (path: string) =>
    path === '/opt/extensions' ? extensionsDir.entries : real.readdir(path);
  return { ...real, default: { ...real, readdir }, readdir };
});

const emulators = useEmulators();

/** Inside Lambda, with a session token and no PARAMETERS_SECRETS_EXTENSION_HTTP_PORT. */
function inLambda(extensions: string[] | Promise<string[]>): void {
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders';
  process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
  process.env.AWS_SESSION_TOKEN = 'token';
  extensionsDir.entries = extensions;
}

// First: each warning is written once per process, so no earlier test may have written it.
describe("transport 'sdk'", () => {
  it("writes no warning about 'auto' when getParametersByName's batch fails", async () => {
    const aws = await emulators.aws({ parameters: { '/app/a': 'a' } });
    aws.failNext(1, { type: 'AccessDeniedException' });

    const { stderr } = await captureOutput(() =>
      getParametersByName({ '/app/a': {} }, { transport: 'sdk', clientConfig: aws.clientConfig }).catch(
        () => undefined,
      ),
    );

    expect(stderr).toEqual([]);
  });
});

describe("transport 'auto' inside Lambda", () => {
  it('tries the extension when /opt/extensions holds one', async () => {
    inLambda(['AWSParametersAndSecretsLambdaExtension']);

    await decideAutoRoute();

    expect(resolveTransport('auto')).toBe('extension');
  });

  it('keeps using the extension when it answered while /opt/extensions was still being read', async () => {
    let answer: (entries: string[]) => void = () => undefined;
    inLambda(new Promise<string[]>((resolve) => (answer = resolve)));
    const deciding = decideAutoRoute();
    await emulators.extension({ parameters: { '/app/flag': 'on' } });

    const value = await getParameter('/app/flag', { transport: 'extension' });
    answer([]);
    await deciding;

    expect(value).toBe('on');
    expect(resolveTransport('auto')).toBe('extension');
  });

  it('goes to the SDK when /opt/extensions is empty', async () => {
    inLambda([]);

    await decideAutoRoute();

    expect(resolveTransport('auto')).toBe('sdk');
  });
});

describe('a new execution environment', () => {
  it('knows nothing yet about either extension, and looks at /opt/extensions on its first call', async () => {
    const key = Symbol.for('@lambkit/parameters.state.v1');
    const holder = globalThis as Record<symbol, unknown>;
    const saved = holder[key];
    delete holder[key];
    vi.resetModules();
    try {
      const { parametersState } = await import('./cache.js');
      const transport = await import('./transport.js');
      inLambda([]);

      const { extension, appconfigAgent } = parametersState();
      await transport.decideAutoRoute();

      expect([extension, appconfigAgent]).toEqual(['unknown', 'unknown']);
      expect(transport.resolveTransport('auto')).toBe('sdk');
    } finally {
      holder[key] = saved;
    }
  });
});

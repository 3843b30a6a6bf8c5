// Statements of the docs that once said something the code does not do, each checked against the
// behaviour it describes, so the page and the code cannot part again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParametersExtension, startParametersExtension } from '@lambkit/local';
import { GetParameterError, getParameter, getSecret, TransformParameterError } from '@lambkit/parameters';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pageText = (path: string) => readFileSync(join(root, path), 'utf8').replace(/\s+/g, ' ');

let extension: ParametersExtension;

beforeAll(async () => {
  extension = await startParametersExtension({
    parameters: { '/app/denied': 'value' },
    secrets: {
      'raw-bytes': Uint8Array.from([0xff, 0x00, 0x81, 0x7f]),
      'base64-bytes': new TextEncoder().encode(Buffer.from('hello').toString('base64')),
    },
  });
  for (const [name, value] of Object.entries(extension.env)) vi.stubEnv(name, value);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await extension.close();
});

describe("docs/migration-middy.md on a SecretBinary with transform: 'binary'", () => {
  it('says the bytes must be base64 text, as getSecret decodes them', async () => {
    const decoded = await getSecret('base64-bytes', { transform: 'binary', transport: 'extension' });

    expect(decoded).toBe('hello');
    expect(pageText('docs/migration-middy.md')).toContain(
      "`transform: 'binary'` reads them as base64 text and returns the decoded UTF-8 string",
    );
  });

  it('says raw bytes are refused with TransformParameterError, as getSecret refuses them', async () => {
    const fetching = getSecret('raw-bytes', { transform: 'binary', transport: 'extension' });

    await expect(fetching).rejects.toBeInstanceOf(TransformParameterError);
    expect(pageText('docs/migration-middy.md')).toContain(
      'rejects with `TransformParameterError` when they are not base64',
    );
    expect(pageText('docs/migration-middy.md')).not.toContain('decodes it as UTF-8 text');
  });
});

describe('docs/parameters.md on a missing permission through the extension', () => {
  it('says an access-denied 400 is reported at once, as getParameter reports it after one request', async () => {
    const before = extension.requestCount;
    extension.failNext(
      6,
      400,
      '{"__type":"AccessDeniedException","message":"User is not authorized to perform: ssm:GetParameter"}',
    );

    const fetching = getParameter('/app/denied', { transport: 'extension' });

    await expect(fetching).rejects.toBeInstanceOf(GetParameterError);
    expect(extension.requestCount - before).toBe(1);
    const page = pageText('docs/parameters.md');
    expect(page).toContain(
      'an HTTP 400 whose body relays `AccessDeniedException`, reported at once, without the retries below',
    );
    expect(page).not.toContain('HTTP 400 after the retries below');
  });
});

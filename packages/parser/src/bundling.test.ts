import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const handlerSource = fileURLToPath(new URL('./__fixtures__/bundled-handler.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
// The banner many esbuild setups (SAM, CDK's NodejsFunction examples) add to ES module bundles so
// that bundled CommonJS code can call require().
const PLAIN_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

const taskRoots: string[] = [];
afterAll(() => {
  for (const taskRoot of taskRoots) rmSync(taskRoot, { recursive: true, force: true });
});

async function bundleWithBanner(banner: string): Promise<string> {
  const taskRoot = mkdtempSync(join(tmpdir(), 'lambkit-parser-bundle-'));
  taskRoots.push(taskRoot);
  const outfile = join(taskRoot, 'index.mjs');
  await build({
    entryPoints: [handlerSource],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: banner },
    tsconfig,
    logLevel: 'error',
  });
  return outfile;
}

/** Imports the bundle in a fresh Node process and calls its handler with `event`. */
function invoke(bundle: string, event: unknown): unknown {
  const eventFile = join(bundle, '..', 'event.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const script = `
    const { handler } = await import(${JSON.stringify(bundle)});
    const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
    process.stdout.write(JSON.stringify(await handler(event)));`;
  const output = execFileSync(
    process.execPath,
    ['--input-type=commonjs', '-e', `(async () => {${script}})()`],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(output);
}

describe('what a bundle of the root holds', () => {
  it('holds neither Zod nor Valibot: the built-ins load only from their own subpaths', async () => {
    const root = fileURLToPath(new URL('./index.ts', import.meta.url));

    const result = await build({
      entryPoints: [root],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      tsconfig,
      logLevel: 'error',
    });

    const libraries = Object.keys(result.metafile.inputs).filter((file) =>
      /node_modules\/(zod|valibot)\//.test(file),
    );
    expect(libraries).toEqual([]);
  });
});

describe('an ES module bundle of a parser handler', () => {
  it('loads and runs with the common createRequire banner', async () => {
    const bundle = await bundleWithBanner(PLAIN_BANNER);
    const data = { messageType: 'DATA_MESSAGE', logEvents: [{ id: '1', timestamp: 1, message: 'hello' }] };
    const event = { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };

    const messages = invoke(bundle, event);

    expect(messages).toEqual(['hello']);
  }, 30_000);
});

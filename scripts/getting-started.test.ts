// Runs docs/getting-started.md as a reader would: in an empty folder outside the repository, with
// the packages packed by the page's `npm run pack:local`, installed by the page's npm commands,
// bundled by the page's esbuild commands and invoked by the page's invoke.mjs, whose output must be
// the page's (timestamps and ids aside). The README's example runs through the same project.
// The page's blocks are found by their `<!-- walkthrough: ... -->` markers (scripts/walkthrough.mjs).
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLambda } from '@lambkit/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellWords, walkthroughBlocks } from './walkthrough.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const page = readFileSync(join(root, 'docs/getting-started.md'), 'utf8');
const blocks = walkthroughBlocks(page);

interface Block {
  id: string;
  argument?: string;
  lang: string;
  code: string;
  line: number;
}

function block(id: string, argument?: string): Block {
  const found = blocks.filter(
    (candidate: Block) => candidate.id === id && (argument === undefined || candidate.argument === argument),
  );
  if (found.length !== 1)
    throw new Error(
      `docs/getting-started.md has ${found.length} blocks marked <!-- walkthrough: ${id}${argument ? ` ${argument}` : ''} -->, expected 1`,
    );
  return found[0];
}

/** The environment of a reader's shell: the test runner's own npm settings (workspace, prefix) left out. */
const shellEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD'),
);

function sh(script: string, cwd: string): SpawnSyncReturns<string> {
  return spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd,
    env: shellEnv,
    encoding: 'utf8',
    timeout: 180_000,
  });
}

/** Runs a block of the page in `cwd`; fails naming the block's line and what it printed. */
function runBlock(found: Block, cwd: string): string {
  const result = sh(found.code, cwd);
  if (result.status !== 0)
    throw new Error(
      `docs/getting-started.md:${found.line} (walkthrough: ${found.id}) exited with ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

function writeFileBlock(path: string, cwd: string): void {
  const target = join(cwd, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${block('file', path).code}\n`);
}

/** Keys whose values differ from run to run: timestamps, request ids, trace ids. */
const VARYING = new Set(['timestamp', 'Timestamp', 'function_request_id', 'xray_trace_id']);

function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, VARYING.has(key) ? '<varies>' : maskValue(inner)]),
  );
}

/** One output line with its varying values masked; JSON lines compared as JSON, key order included. */
function maskLine(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const text = line.slice(indent.length);
  if (!text.startsWith('{')) return line.trimEnd();
  try {
    return indent + JSON.stringify(maskValue(JSON.parse(text)));
  } catch {
    return line.trimEnd();
  }
}

function maskOutput(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(maskLine);
}

let scratch: string;
let project: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'lambkit-getting-started-'));
  // The page's pack step, run in this repository: the clone it stands for is `<scratch>/lambkit`.
  const pack = block('pack');
  const packCommand = pack.code.split('\n').find((line) => line.trim().startsWith('npm run pack:local'));
  if (packCommand === undefined)
    throw new Error(
      `docs/getting-started.md:${pack.line}: the pack step does not run \`npm run pack:local\``,
    );
  // turbo builds the packages before this test; the page's command builds them itself.
  runBlock(
    {
      ...pack,
      code: `${packCommand} -- --no-build --out ${JSON.stringify(join(scratch, 'lambkit/packed'))}`,
    },
    root,
  );

  const create = block('project');
  runBlock(create, scratch);
  const folder = /^cd\s+(\S+)\s*$/m.exec(create.code)?.[1];
  if (folder === undefined) throw new Error(`docs/getting-started.md:${create.line}: no \`cd <folder>\``);
  project = join(scratch, folder);
  runBlock(block('install'), project);
  writeFileBlock('src/handler.ts', project);
  writeFileBlock('invoke.mjs', project);
}, 240_000);

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

describe('docs/getting-started.md, followed in an empty folder outside the repository', () => {
  it("prints the page's output from the ES module bundle the page's esbuild command makes", () => {
    runBlock(block('bundle'), project);

    const output = runBlock(block('run'), project);

    expect(maskOutput(output)).toEqual(maskOutput(block('output').code));
  });

  it("prints the page's output from the CommonJS bundle the page's esbuild command makes", () => {
    runBlock(block('bundle-cjs'), project);

    const output = runBlock(block('run'), project);

    expect(maskOutput(output)).toEqual(maskOutput(block('output').code));
  });

  it('installs from the registry every package the page installs from the repository and imports', () => {
    const registry = block('registry').code;
    const imported = [...page.matchAll(/from '(@lambkit\/[a-z0-9-]+)'/g)].map((match) => match[1]);
    const installed = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    const fromRegistry = Object.keys({ ...installed.dependencies, ...installed.devDependencies }).filter(
      (name) => !name.startsWith('@lambkit/'),
    );

    for (const name of new Set([...imported, ...fromRegistry])) expect(registry).toContain(name);
    expect(registry).toContain('@middy/core@6');
    expect(block('install').code).toContain('@middy/core@6');
  });

  it("builds in the template as the page's esbuild command does, with the banner of docs/tracer.md", () => {
    const template = block('file', 'template.yaml').code;
    const words = shellWords(block('bundle').code.trim());
    const flag = (name: string) =>
      words
        .find((word: string) => word.startsWith(`--${name}=`) || word.startsWith(`--${name}:`))
        ?.slice(name.length + 3);
    const tracerPage = readFileSync(join(root, 'docs/tracer.md'), 'utf8');
    const recommended = /add this banner[^`]*```js\n\s*(.+)\n/.exec(tracerPage)?.[1];

    expect(words.slice(0, 3)).toEqual(['npx', 'esbuild', 'src/handler.ts']);
    expect(words).toContain('--minify');
    expect(template).toMatch(/^\s+Minify: true$/m);
    expect(template).toMatch(new RegExp(`^\\s+Format: ${flag('format')}$`, 'm'));
    expect(template).toMatch(new RegExp(`^\\s+Target: ${flag('target')}$`, 'm'));
    expect(template).toMatch(/EntryPoints:\n\s+- src\/handler\.ts\n/);
    expect(template).toContain(`External:\n          - "${flag('external')}"`);
    expect(flag('outfile')).toBe('dist/handler.mjs');
    expect(template).toContain('OutExtension:\n          - .js=.mjs');
    expect(template).toMatch(/^\s+Handler: handler\.handler$/m);
    expect(recommended).toBeDefined();
    expect(flag('banner')).toBe(`js=${recommended}`);
    expect(template).toContain(`Banner:\n          - js=${recommended}`);
    expect(template).toContain('BuildMethod: esbuild');
  });

  it('gives the deployed function the environment the local run gives it', () => {
    const template = block('file', 'template.yaml').code;
    const invoke = block('file', 'invoke.mjs').code;

    for (const name of ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE']) {
      const local = new RegExp(`${name}: '([^']+)'`).exec(invoke)?.[1];
      expect(local, name).toBeDefined();
      expect(template).toMatch(new RegExp(`^\\s+${name}: ${local}$`, 'm'));
    }
  });
});

describe("README.md's example, bundled and run in the same project", () => {
  it('answers, logs the order and publishes its metric and the cold start', async () => {
    const readme = walkthroughBlocks(readFileSync(join(root, 'README.md'), 'utf8')).find(
      (found: Block) => found.id === 'readme-example',
    );
    expect(readme, 'README.md has a block marked <!-- walkthrough: readme-example -->').toBeDefined();
    writeFileSync(join(project, 'src/orders.ts'), `${readme.code}\n`);
    runBlock(
      {
        ...block('bundle'),
        code: block('bundle')
          .code.replace('src/handler.ts', 'src/orders.ts')
          .replace('dist/handler.mjs', 'readme/orders.mjs'),
      },
      project,
    );

    const run = await runLambda({
      handler: 'orders.handler',
      taskRoot: join(project, 'readme'),
      events: [{ orderId: 'o-1' }],
    });

    expect(run.failure).toBeUndefined();
    expect(run.invocations[0]?.response).toEqual({ ok: true });
    const lines = run.lines.map((line) => line.json);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'order received',
        orderId: 'o-1',
        service: 'orders',
      }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ ordersReceived: 1, service: 'orders' }));
    expect(lines).toContainEqual(expect.objectContaining({ ColdStart: 1, service: 'orders' }));
    expect(run.lines.filter((line) => line.stream === 'stderr')).toEqual([]);
  });
});

// lambkit-local, run in this process (runCli, the code the bin runs) and as the real command
// (dist/esm/cli/main.js spawned with node, as npx runs it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TempTree, writeTree } from '../../test/runtime/test-functions.js';
import { parseArguments } from './arguments.js';
import { describeLine, describeTrace } from './report.js';
import { runCli } from './run-cli.js';

const packageRoot = resolve(import.meta.dirname, '../..');
const repoRoot = resolve(packageRoot, '../..');

const ORDERS = `export const handler = async (event, context) => {
  console.log('order', event.orderId);
  process.stdout.write(JSON.stringify({
    _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'shop', Dimensions: [['service']], Metrics: [{ Name: 'Orders', Unit: 'Count' }] }] },
    service: 'orders',
    Orders: 1,
  }) + '\\n');
  if (event.fail) throw new TypeError('order ' + event.orderId + ' is invalid');
  return { orderId: event.orderId, region: process.env.AWS_REGION, stage: process.env.STAGE, memory: context.memoryLimitInMB };
};
export const slow = () => new Promise((resolve) => setTimeout(resolve, 5000));
`;

const CONFIG_READER = `export const handler = async () => {
  const extension = await fetch('http://localhost:' + process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT + '/systemsmanager/parameters/get?name=%2Fshop%2Fcurrency', {
    headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN },
  });
  const agent = await fetch('http://localhost:' + process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT + '/applications/shop/environments/prod/configurations/flags');
  return { currency: (await extension.json()).Parameter.Value, flags: await agent.json() };
};
`;

// A CommonJS handler tracing with the real aws-xray-sdk-core, found through the layer directory
// (<opt>/nodejs/node_modules) as in Lambda.
const TRACED = `const AWSXRay = require('aws-xray-sdk-core');
exports.handler = async () => {
  const segment = AWSXRay.getSegment();
  const sub = segment.addNewSubsegment('charge card');
  sub.addAnnotation('orderId', 'o-7');
  sub.close();
  return { traced: true };
};
`;

let files: TempTree;
let opt: TempTree;
const file = (name: string) => join(files.dir, name);

beforeAll(() => {
  files = writeTree({
    'orders.mjs': ORDERS,
    'config.mjs': CONFIG_READER,
    'traced.cjs': TRACED,
    'broken.mjs': 'export const handler = ;\n',
    'first.json': '{ "orderId": "o-1" }',
    'second.json': '{ "orderId": "o-2", "fail": true }',
    'not-json.json': '{ orderId',
    'seeds.json': '{ "parameters": { "/shop/currency": "EUR" } }',
    'bad-seeds.json': '{ "params": {} }',
    'appconfig.json': '{ "shop/prod/flags": { "beta": true } }',
    'bad-appconfig.json': '{ "shop/flags": "x" }',
    'lib/handler.js': 'exports.handler = async () => "nested";\n',
  });
  opt = writeTree({});
  mkdirSync(join(opt.dir, 'nodejs'));
  symlinkSync(join(repoRoot, 'node_modules'), join(opt.dir, 'nodejs', 'node_modules'), 'dir');
});

afterAll(() => {
  files.remove();
  opt.remove();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => void (out += text), err: (text) => void (err += text) });
  return { code, out, err };
}

describe('lambkit-local invoke', () => {
  it('runs each event in one process, cold then warm, and prints log lines, metrics and responses', async () => {
    const { code, out } = await cli(
      'invoke',
      file('orders.mjs'),
      '--event',
      file('first.json'),
      '--event',
      file('second.json'),
      '--env',
      'STAGE=test',
      '--region',
      'eu-west-1',
      '--memory',
      '256',
    );

    expect(out).toMatch(/^INIT \d+ ms \(orders\.handler\)\n/);
    expect(out).toContain(`--- invocation 1: ${file('first.json')}`);
    expect(out).toMatch(/output {2}\S+\t[0-9a-f-]{36}\tINFO\torder o-1/);
    expect(out).toContain('metric  shop [service=orders]: Orders=1');
    expect(out).toContain(
      '"orderId": "o-1",\n      "region": "eu-west-1",\n      "stage": "test",\n      "memory": "256"',
    );
    expect(out).toContain('error   TypeError: order o-2 is invalid');
    expect(code).toBe(1);
  });

  it('sends one empty event when none is given and exits with 0 when the function succeeds', async () => {
    const { code, out } = await cli('invoke', `${file('lib/handler.js')}:handler`, '--task-root', files.dir);

    expect(out).toContain('(lib/handler.handler)');
    expect(out).toContain('--- invocation 1: {}');
    expect(out).toContain('response "nested"');
    expect(code).toBe(0);
  });

  it('starts the parameters extension and the AppConfig agent on demand and points the function at them', async () => {
    const { code, out } = await cli(
      'invoke',
      file('config.mjs'),
      '--extension',
      file('seeds.json'),
      '--appconfig',
      file('appconfig.json'),
    );

    expect(out).toContain('"currency": "EUR"');
    expect(out).toContain('"beta": true');
    expect(code).toBe(0);
  });

  it('starts an X-Ray daemon with --xray and prints the segments of each invocation', async () => {
    const { code, out } = await cli('invoke', file('traced.cjs'), '--xray', '--opt-dir', opt.dir);

    expect(out).toMatch(/trace {3}charge card \(\d+\.\d ms\) \{"orderId":"o-7"\}/);
    expect(code).toBe(0);
  });

  it('reports a function that fails INIT and exits with 1', async () => {
    const { code, out } = await cli('invoke', file('broken.mjs'));

    expect(out).toMatch(/^INIT failed: Runtime\.UserCodeSyntaxError: SyntaxError/);
    expect(code).toBe(1);
  });

  it('stops an invocation at the timeout, as Lambda does', async () => {
    const { code, out } = await cli('invoke', `${file('orders.mjs')}:slow`, '--timeout', '1');

    expect(out).toContain('error   Sandbox.Timedout: Task timed out after 1.00 seconds');
    expect(code).toBe(1);
  });

  it('prints the usage with --help', async () => {
    const { code, out } = await cli('--help');

    expect(out).toContain('Usage: lambkit-local invoke <handler-file>[:export] [options]');
    expect(code).toBe(0);
  });
});

describe('lambkit-local arguments', () => {
  it.each([
    [[], 'command null: is required: lambkit-local invoke <handler-file>[:export]'],
    [['run'], 'command "run": must be "invoke"'],
    [['invoke'], '<handler> null: is required: <handler-file>[:export]'],
    [['invoke', 'a.mjs', 'b.mjs'], 'argument "b.mjs": is not expected: give one handler'],
    [['invoke', 'app.ts'], '<handler> "app.ts": must be a .js, .mjs or .cjs file (build TypeScript first)'],
    [['invoke', 'absent.mjs'], '<handler> "absent.mjs": must be a file that exists'],
    [['invoke', 'app.mjs:1st'], 'the export after ":" must be a name or a dotted path'],
    [
      ['invoke', 'orders.mjs', '--verbose'],
      'option "--verbose": is not an option of lambkit-local (see --help)',
    ],
    [['invoke', 'orders.mjs', '--event'], '--event null: needs a value'],
    [
      ['invoke', 'orders.mjs', '--event', 'absent.json'],
      '--event "absent.json": must be a JSON file that exists',
    ],
    [['invoke', 'orders.mjs', '--event', 'not-json.json'], '--event "not-json.json": must hold JSON ('],
    [['invoke', 'orders.mjs', '--env', 'STAGE'], '--env "STAGE": must be NAME=value'],
    [['invoke', 'orders.mjs', '--env', '1X=a'], '--env "1X=a": must be NAME=value'],
    [['invoke', 'orders.mjs', '--timeout', '901'], '--timeout "901": must be a number from 1 to 900'],
    [['invoke', 'orders.mjs', '--timeout', ''], '--timeout "": must be a number from 1 to 900'],
    [['invoke', 'orders.mjs', '--memory=1.5'], '--memory "1.5": must be an integer from 128 to 10240'],
    [['invoke', 'orders.mjs', '--region', 'a', '--region', 'b'], '--region ["a","b"]: may be given once'],
    [
      ['invoke', 'orders.mjs', '--task-root', 'absent'],
      '--task-root "absent": must be a directory that exists',
    ],
    [
      ['invoke', 'orders.mjs', '--task-root', 'lib'],
      '--task-root "lib": must be a directory holding the handler file',
    ],
    [['invoke', 'orders.mjs', '--opt-dir', 'absent'], '--opt-dir "absent": must be a directory that exists'],
    [
      ['invoke', 'orders.mjs', '--extension', 'first.json'],
      '--extension "first.json": must hold { "parameters"',
    ],
    [['invoke', 'orders.mjs', '--extension', 'bad-seeds.json'], 'found "params"'],
    [['invoke', 'orders.mjs', '--appconfig', 'bad-appconfig.json'], 'found "shop/flags"'],
    [
      ['invoke', 'orders.mjs', '--appconfig', 'second.json'],
      'keys must be "application/environment/profile"',
    ],
  ])('rejects %j naming the argument, the value and the rule', async (argv, message) => {
    const cwd = process.cwd();
    process.chdir(files.dir);
    try {
      const { code, err } = await cli(...argv);
      expect(err).toContain(`lambkit-local: `);
      expect(err).toContain(message);
      expect(code).toBe(2);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads the handler, its export path and every option', () => {
    const command = parseArguments([
      'invoke',
      `${file('lib/handler.js')}:handlers.orders`,
      `--task-root=${files.dir}`,
      '--timeout',
      '2.5',
      '--function-name',
      'orders',
      '--appconfig',
      file('appconfig.json'),
    ]);

    expect(command).toMatchObject({
      help: false,
      handler: 'lib/handler.handlers.orders',
      taskRoot: files.dir,
      timeoutMs: 2500,
      memoryMb: 128,
      functionName: 'orders',
      appConfig: { 'shop/prod/flags': '{"beta":true}' },
      xray: false,
    });
  });
});

describe('lambkit-local report', () => {
  it('prints a line that is neither JSON nor EMF as output, and a JSON log line as log', () => {
    expect(describeLine({ text: 'plain', json: undefined, stream: 'stdout', at: 0 })).toBe('output  plain');
    expect(describeLine({ text: '{"level":"INFO"}', json: { level: 'INFO' }, stream: 'stdout', at: 0 })).toBe(
      'log     {"level":"INFO"}',
    );
  });

  it('prints segments as a tree, with open segments and error flags', () => {
    const base = { trace_id: '1-a', start_time: 1 };
    expect(
      describeTrace([
        { ...base, id: 'a', name: 'handler', end_time: 1.002 },
        { ...base, id: 'b', parent_id: 'a', name: 'call', fault: true, start_time: 1.001 },
      ]),
    ).toEqual(['trace   handler (2.0 ms)', 'trace     call (open) [fault]']);
  });
});

/** The newest modification time under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return latest;
}

describe('the lambkit-local command', () => {
  const bin = join(packageRoot, 'dist/esm/cli/main.js');

  // The command runs the package's build (dist/esm, with dist/esm/cli and dist/esm/runtime-client): build it when the
  // sources are newer, so the test runs what `npx lambkit-local` would.
  beforeAll(() => {
    let built = 0;
    try {
      built = statSync(bin).mtimeMs;
    } catch {}
    if (built >= newest(join(packageRoot, 'src'))) return;
    const build = spawnSync('npm', ['run', 'build'], { cwd: packageRoot, encoding: 'utf8' });
    if (build.status !== 0)
      throw new Error(`building @lambkit/local failed:\n${build.stdout}${build.stderr}`);
  }, 120_000);

  function command(...argv: string[]) {
    return spawnSync(process.execPath, [bin, ...argv], { cwd: files.dir, encoding: 'utf8', timeout: 30_000 });
  }

  it('invokes a handler file and exits with 0', () => {
    const result = command('invoke', 'orders.mjs', '--event', 'first.json', '--env', 'STAGE=cli');

    expect(result.stdout).toContain('"stage": "cli"');
    expect(result.status).toBe(0);
  });

  it('exits with 1 when the function fails', () => {
    const result = command('invoke', 'orders.mjs', '--event', 'second.json');

    expect(result.stdout).toContain('error   TypeError: order o-2 is invalid');
    expect(result.status).toBe(1);
  });

  it('exits with 2 on a wrong argument, naming it on stderr', () => {
    const result = command('invoke', 'orders.mjs', '--memory', '64');

    expect(result.stderr).toContain('lambkit-local: --memory "64": must be an integer from 128 to 10240');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  });
});

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildLayer,
  checkLayerFiles,
  LAMBDA_UNZIPPED_LIMIT_BYTES,
  LayerBuildError,
  repoRoot,
} from '../src/build-layer.mjs';
import { extractZip, readZip } from '../src/zip.mjs';

/** Every published package but the test helpers and the local runner: what the layer must hold. */
const LAMBKIT_PACKAGES = readdirSync(join(repoRoot, 'packages'))
  .filter((name) => existsSync(join(repoRoot, 'packages', name, 'package.json')))
  .filter(
    (name) => !JSON.parse(readFileSync(join(repoRoot, 'packages', name, 'package.json'), 'utf8')).private,
  )
  .filter((name) => name !== 'testing' && name !== 'local')
  .sort();

let work: string;
let layer: Awaited<ReturnType<typeof buildLayer>>;
let names: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lambkit-layer-build-'));
  layer = await buildLayer({ outFile: join(work, 'layer.zip') });
  names = readZip(readFileSync(layer.outFile)).map((entry) => entry.name);
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function fileOf(name: string): string {
  const entry = readZip(readFileSync(layer.outFile)).find((e) => e.name === name);
  if (entry === undefined) throw new Error(`${name} is not in the layer`);
  return entry.data.toString('utf8');
}

describe('buildLayer', () => {
  it('puts every published @lambkit package under nodejs/node_modules, and not the test helpers', () => {
    const packages = new Set(
      names
        .filter((name) => /^nodejs\/node_modules\/@lambkit\/[^/]+\/$/.test(name))
        .map((name) => name.split('/')[3]),
    );

    expect(LAMBKIT_PACKAGES).toEqual(expect.arrayContaining(['core', 'logger', 'metrics', 'tracer']));
    expect([...packages].sort()).toEqual(LAMBKIT_PACKAGES);
  });

  it('adds the third-party code they need at run time: zod, valibot, @middy/core and aws-xray-sdk-core', () => {
    for (const name of ['zod', 'valibot', '@middy/core', '@middy/util', 'aws-xray-sdk-core']) {
      expect(names).toContain(`nodejs/node_modules/${name}/package.json`);
    }
  });

  it("ships aws-xray-sdk-core as the tracer's single file, with its licence, and none of the packages inside it", () => {
    const sdk = names.filter(
      (name) => name.startsWith('nodejs/node_modules/aws-xray-sdk-core/') && !name.endsWith('/'),
    );
    const manifest = JSON.parse(fileOf('nodejs/node_modules/aws-xray-sdk-core/package.json'));
    const installed = JSON.parse(
      readFileSync(join(repoRoot, 'node_modules', 'aws-xray-sdk-core', 'package.json'), 'utf8'),
    );

    expect(sdk.sort()).toEqual(
      ['LICENSE', 'index.js', 'package.json', 'xray-sdk.js'].map(
        (file) => `nodejs/node_modules/aws-xray-sdk-core/${file}`,
      ),
    );
    expect(manifest).toEqual({
      name: 'aws-xray-sdk-core',
      version: installed.version,
      license: 'Apache-2.0',
      main: 'index.js',
    });
    expect(fileOf('nodejs/node_modules/aws-xray-sdk-core/xray-sdk.js')).toBe(
      readFileSync(join(repoRoot, 'packages', 'tracer', 'dist', 'cjs', 'xray-sdk.js'), 'utf8'),
    );
    expect(fileOf('nodejs/node_modules/aws-xray-sdk-core/xray-sdk.js')).toMatch(
      /^\/\*!\naws-xray-sdk-core and its dependencies/,
    );
    for (const inside of [
      'cls-hooked',
      'semver',
      'atomic-batcher',
      'shimmer',
      '@smithy/service-error-classification',
    ]) {
      expect(names).not.toContain(`nodejs/node_modules/${inside}/package.json`);
    }
    expect(names).not.toContain('nodejs/node_modules/@lambkit/tracer/dist/cjs/xray-sdk.js');
  });

  it('gives the function and @lambkit/tracer one aws-xray-sdk-core object, loaded without running the installed files', () => {
    const opt = mkdtempSync(join(work, 'sdk-opt-'));
    extractZip(readFileSync(layer.outFile), opt);
    const modules = join(opt, 'nodejs', 'node_modules');
    const script = `
      const { Tracer } = require('@lambkit/tracer');
      const tracer = new Tracer();
      const AWSXRay = require('aws-xray-sdk-core');
      import(require.resolve('aws-xray-sdk-core')).then((imported) => console.log(JSON.stringify({
        shared: tracer.provider.getNamespace() === AWSXRay.getNamespace() && imported.default === AWSXRay,
        sdkFiles: Object.keys(require.cache).filter((file) => file.includes('aws-xray-sdk-core')).map((file) => file.slice(${JSON.stringify(modules.length + 1)})),
      })));
    `;

    const result = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      cwd: work,
      env: {
        PATH: process.env.PATH,
        NODE_PATH: modules,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        LAMBDA_TASK_ROOT: work,
        AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
        AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      },
    });

    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      shared: true,
      sdkFiles: ['aws-xray-sdk-core/index.js', 'aws-xray-sdk-core/xray-sdk.js'],
    });
  });

  it('leaves out what the Lambda runtime provides, types, source maps, sources and docs', () => {
    expect(names.filter((name) => name.includes('/@aws-sdk/') || name.includes('/@types/'))).toEqual([]);
    expect(
      names.filter((name) => /\.(d\.[cm]?ts|ts|map|md)$/.test(name) && !/\/LICENSE[^/]*$/.test(name)),
    ).toEqual([]);
    expect(names.filter((name) => /\/(src|test|tests|docs)\//.test(name))).toEqual([]);
  });

  it("leaves out dependencies' tests, examples, benchmarks, lockfiles, CI configuration and docs, keeping licences", () => {
    const files = names.filter((name) => !name.endsWith('/'));
    const base = (name: string) => name.split('/').pop() ?? '';

    expect(
      files.filter((name) => /(^|\.)(test|spec)\.[cm]?js$|^(example|benchmark)\.js$/.test(base(name))),
    ).toEqual([]);
    expect(
      files.filter((name) => /^(yarn\.lock|package-lock\.json|pnpm-lock\.yaml)$/.test(base(name))),
    ).toEqual([]);
    expect(
      files.filter((name) => /^(\.travis\.yml|\.eslintrc.*|\.npmignore|appveyor\.yml)$/.test(base(name))),
    ).toEqual([]);
    expect(
      files.filter((name) => /\.(html|txt)$/.test(name) && !/\/(LICEN[CS]E|Copyright)[^/]*$/i.test(name)),
    ).toEqual([]);
    expect(names).toContain('nodejs/node_modules/@middy/core/package.json');
    expect(names).toContain('nodejs/node_modules/aws-xray-sdk-core/LICENSE');
    expect(names).toContain('nodejs/node_modules/@standard-schema/spec/package.json');
  });

  it('ships each package with a manifest Node resolves both builds from, without types', () => {
    const manifest = JSON.parse(fileOf('nodejs/node_modules/@lambkit/metrics/package.json'));

    expect(manifest.exports['.']).toEqual({ import: './dist/esm/index.js', require: './dist/cjs/index.js' });
    expect(manifest.exports['./middleware']).toEqual({
      import: './dist/esm/middleware/index.js',
      require: './dist/cjs/middleware/index.js',
    });
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
  });

  it('ships the CommonJS build as the ES module one converted, so entries share their chunks', () => {
    const cjsFiles = names.filter((name) => name.startsWith('nodejs/node_modules/@lambkit/tracer/dist/cjs/'));
    const esmFiles = names.filter((name) => name.startsWith('nodejs/node_modules/@lambkit/tracer/dist/esm/'));

    expect(cjsFiles.filter((name) => name.endsWith('.js')).map((name) => name.replace('/cjs/', '/'))).toEqual(
      esmFiles.filter((name) => name.endsWith('.js')).map((name) => name.replace('/esm/', '/')),
    );
    expect(fileOf('nodejs/node_modules/@lambkit/tracer/dist/cjs/middleware/index.js')).toContain(
      'require("../_chunks/',
    );
  });

  it("joins the chunks a package's main entry imports into one, so the entry loads in two files", () => {
    const chunks = (pkg: string) =>
      names
        .filter((name) => name.startsWith(`nodejs/node_modules/@lambkit/${pkg}/dist/esm/_chunks/`))
        .filter((name) => name.endsWith('.js'))
        .map((name) => name.split('/').pop());
    const index = fileOf('nodejs/node_modules/@lambkit/parameters/dist/esm/index.js');
    // Imports within the package (another package's files are "../../../<name>/...").
    const ownImports = [...index.matchAll(/from "(\.\/[^"]+)"|import "(\.\/[^"]+)"/g)].map(
      (match) => match[1] ?? match[2],
    );

    expect(chunks('parameters')).toContain('main.js');
    expect(new Set(ownImports)).toEqual(new Set(['./_chunks/main.js']));
    expect(fileOf('nodejs/node_modules/@lambkit/parameters/dist/cjs/index.js')).toContain(
      'require("./_chunks/main.js")',
    );
    // A single chunk stays as the build wrote it.
    expect(chunks('metrics')).toHaveLength(1);
    expect(chunks('metrics')).not.toContain('main.js');
  });

  it('marks each ES module build with a package.json of its own, as the CommonJS one is marked', () => {
    for (const pkg of LAMBKIT_PACKAGES) {
      const dist = `nodejs/node_modules/@lambkit/${pkg}/dist`;
      expect(JSON.parse(fileOf(`${dist}/esm/package.json`)), pkg).toEqual({ type: 'module' });
      expect(JSON.parse(fileOf(`${dist}/cjs/package.json`)), pkg).toEqual({ type: 'commonjs' });
    }
  });

  it('imports another @lambkit package of the layer by the relative path of the file Node would resolve', () => {
    const esm = fileOf('nodejs/node_modules/@lambkit/logger/dist/esm/_chunks/main.js');
    const cjs = fileOf('nodejs/node_modules/@lambkit/logger/dist/cjs/_chunks/main.js');

    expect(esm).toContain('from "../../../../core/dist/esm/index.js"');
    expect(esm).not.toContain('"@lambkit/core"');
    expect(cjs).toContain('require("../../../../core/dist/cjs/index.js")');
    expect(cjs).not.toContain('"@lambkit/core"');
    // Third-party packages are still imported by name.
    expect(fileOf('nodejs/node_modules/@lambkit/batch/dist/esm/_chunks/main.js')).not.toContain(
      'node_modules/',
    );
  });

  it("keeps each class and function single across a package's entries and formats", () => {
    const opt = mkdtempSync(join(work, 'single-opt-'));
    extractZip(readFileSync(layer.outFile), opt);
    const script = `
      const { createRequire } = require('node:module');
      const inLayer = createRequire(${JSON.stringify(join(opt, 'nodejs/node_modules/'))});
      const esm = (spec) => import(inLayer.resolve(spec).replace('/dist/cjs/', '/dist/esm/'));
      (async () => {
        const pairs = [
          ['@lambkit/parameters', '@lambkit/parameters/errors', 'GetParameterError'],
          ['@lambkit/parameters', '@lambkit/parameters/ssm', 'getParameter'],
          ['@lambkit/logger', '@lambkit/logger/middleware', 'injectLambdaContext'],
          ['@lambkit/metrics', '@lambkit/metrics/middleware', 'logMetrics'],
        ];
        const rows = [];
        for (const [main, sub, name] of pairs) {
          rows.push({
            name,
            esm: (await esm(main))[name] === (await esm(sub))[name],
            cjs: inLayer(main)[name] === inLayer(sub)[name],
            defined: typeof (await esm(main))[name],
          });
        }
        console.log(JSON.stringify(rows));
      })();
    `;

    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: work });

    expect(result.status, result.stderr).toBe(0);
    for (const row of JSON.parse(result.stdout)) {
      expect(row, row.name).toEqual({ name: row.name, esm: true, cjs: true, defined: 'function' });
    }
  });

  it.each([
    ['as built by default', false],
    ['minified with --minify', true],
  ])(
    'keeps the name of every exported function and class of the packages, in both formats, %s',
    async (_, minify) => {
      const zip = minify
        ? (await buildLayer({ outFile: join(work, 'minified.zip'), minify })).outFile
        : layer.outFile;
      const opt = mkdtempSync(join(work, 'names-opt-'));
      extractZip(readFileSync(zip), opt);
      const script = `
      const { createRequire } = require('node:module');
      const inLayer = createRequire(${JSON.stringify(join(opt, 'nodejs/node_modules/'))});
      const inRepo = createRequire(${JSON.stringify(join(repoRoot, 'layer/'))});
      const named = (m) => Object.entries(m).filter(([, v]) => typeof v === 'function').map(([k, v]) => k + '=' + v.name).sort();
      const esm = (load, spec) => import(load.resolve(spec).replace('/dist/cjs/', '/dist/esm/')).then(named);
      const specs = ${JSON.stringify(LAMBKIT_PACKAGES.map((name) => `@lambkit/${name}`))};
      Promise.all(specs.map(async (spec) => ({
        spec,
        built: await esm(inRepo, spec),
        layerEsm: await esm(inLayer, spec),
        layerCjs: named(inLayer(spec)),
      }))).then((all) => console.log(JSON.stringify(all)));
    `;

      const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: work });

      expect(result.status, result.stderr).toBe(0);
      const rows: { spec: string; built: string[]; layerEsm: string[]; layerCjs: string[] }[] = JSON.parse(
        result.stdout,
      );
      expect(rows.flatMap((row) => row.built).length).toBeGreaterThan(50);
      for (const row of rows) {
        expect(row.layerEsm, row.spec).toEqual(row.built);
        expect(row.layerCjs, row.spec).toEqual(row.built);
      }
    },
  );

  it('reports the zip size, the unzipped size and each package, largest first', () => {
    const sizes = layer.packages.map((row) => row.bytes);

    expect(layer.zipBytes).toBe(readFileSync(layer.outFile).length);
    expect(layer.unzippedBytes).toBeGreaterThan(layer.zipBytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(layer.packages.map((row) => row.name)).toEqual(
      expect.arrayContaining(['@lambkit/logger', 'valibot']),
    );
  });
});

describe('buildLayer on bad input', () => {
  it('fails with the package and the missing file when a package has no build output', async () => {
    const root = mkdtempSync(join(work, 'root-'));
    mkdirSync(join(root, 'packages', 'widgets'), { recursive: true });
    writeFileSync(
      join(root, 'packages', 'widgets', 'package.json'),
      JSON.stringify({
        name: '@lambkit/widgets',
        exports: {
          '.': {
            types: './dist/esm/index.d.ts',
            import: './dist/esm/index.js',
            require: './dist/cjs/index.js',
          },
        },
      }),
    );

    const built = buildLayer({ root, outFile: join(root, 'layer.zip') });

    await expect(built).rejects.toThrow(LayerBuildError);
    await expect(built).rejects.toThrow(
      '@lambkit/widgets has no build output: packages/widgets/dist/esm/index.js is missing. Run `npm run build` (or `npm run layer`, which builds first).',
    );
  });

  it("fails with the size and the limit when the layer would unzip to more than the limit (Lambda's 250 MB)", async () => {
    expect(LAMBDA_UNZIPPED_LIMIT_BYTES).toBe(250 * 1024 * 1024);

    const built = buildLayer({ outFile: join(work, 'too-big.zip'), maxUnzippedBytes: 100_000 });

    await expect(built).rejects.toThrow(
      /^the layer would unzip to [\d.]+ MiB \(\d+ bytes\), over the limit of 97\.7 KiB \(100000 bytes\); Lambda allows 250 MB unzipped for a function and all its layers$/,
    );
  });
});

describe('checkLayerFiles', () => {
  it('fails naming each file the layer must not ship and why, so a build never ships one', () => {
    const staging = mkdtempSync(join(work, 'staging-'));
    const pkg = join(staging, 'nodejs', 'node_modules', 'widget');
    mkdirSync(join(pkg, 'examples'), { recursive: true });
    writeFileSync(join(pkg, 'index.js'), 'module.exports = 1;\n');
    writeFileSync(join(pkg, 'LICENSE.md'), 'MIT\n');
    writeFileSync(join(pkg, 'yarn.lock'), '');
    writeFileSync(join(pkg, 'test.js'), '');
    writeFileSync(join(pkg, '.travis.yml'), '');
    writeFileSync(join(pkg, 'HISTORY.md'), '');
    writeFileSync(join(pkg, 'examples', 'basic.js'), '');

    const check = () => checkLayerFiles(staging);

    expect(check).toThrow(LayerBuildError);
    expect(check).toThrow(
      'the layer would ship 5 file(s) Lambda never loads: nodejs/node_modules/widget/.travis.yml (CI or tooling configuration), nodejs/node_modules/widget/HISTORY.md (documentation), nodejs/node_modules/widget/examples/ (an example), nodejs/node_modules/widget/test.js (a test), nodejs/node_modules/widget/yarn.lock (a lockfile). Leave them out in layer/src/build-layer.mjs (EXCLUDED) or in the step that wrote them.',
    );
  });

  it('passes a package named like a test folder, and licences of any name', () => {
    const staging = mkdtempSync(join(work, 'staging-'));
    const pkg = join(staging, 'nodejs', 'node_modules', '@standard-schema', 'spec');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'index.js'), '');
    writeFileSync(join(pkg, 'LICENSE.txt'), 'MIT\n');

    expect(() => checkLayerFiles(staging)).not.toThrow();
  });

  it('does not take a file that only starts like a licence (notices.d.ts) for one', () => {
    const staging = mkdtempSync(join(work, 'staging-'));
    const dist = join(staging, 'nodejs', 'node_modules', '@lambkit', 'logger', 'dist', 'esm');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'notices.d.ts'), 'export {};\n');
    writeFileSync(join(dist, 'NOTICE.md'), 'notice\n');

    expect(() => checkLayerFiles(staging)).toThrow(/notices\.d\.ts/);
  });
});

describe('layer/build.mjs', () => {
  it('writes the zip where --out says and prints its size and each package', () => {
    const out = join(work, 'cli.zip');

    const result = spawnSync(process.execPath, [join(repoRoot, 'layer', 'build.mjs'), '--out', out], {
      encoding: 'utf8',
    });

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/zip [\d.]+ [KM]iB, unzipped [\d.]+ MiB/);
    expect(result.stdout).toMatch(/@lambkit\/logger\s+[\d.]+ KiB/);
    expect(readZip(readFileSync(out)).length).toBe(names.length);
  });
});

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requireXraySdk } from './sdk-loader.js';

// Which aws-xray-sdk-core the tracer loads, each case in a Node process of its own, from a project
// outside the repository with @lambkit/tracer and @lambkit/core installed as built (dist/: turbo builds
// the package before its tests). The probe reports what the tracer and the function's own code got.
const packages = fileURLToPath(new URL('../../', import.meta.url));
const installedSdk = fileURLToPath(new URL('../../../node_modules/aws-xray-sdk-core', import.meta.url));
const projects: string[] = [];

afterAll(() => {
  for (const project of projects) rmSync(project, { recursive: true, force: true });
});

const PROBE = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const userFirst = process.env.PROBE_USER_FIRST === '1' ? require('aws-xray-sdk-core') : undefined;
const { Tracer } = await import('@lambkit/tracer');
const tracer = new Tracer({ serviceName: 'orders' });
const ready = await tracer.ready();
let user;
try { user = require('aws-xray-sdk-core'); } catch { user = undefined; }
const imported = user === undefined ? undefined : (await import('aws-xray-sdk-core')).default;
const ran = Object.keys(require.cache);
process.stdout.write(JSON.stringify({
  ready,
  userGotTracersSdk: user !== undefined && tracer.provider.getNamespace() === user.getNamespace(),
  importGotTracersSdk: imported !== undefined && imported === user,
  userFirstKept: userFirst === undefined || userFirst === user,
  installedModulesRan: ran.some((file) => file.includes('/aws-xray-sdk-core/dist/lib/segments/')),
  copyOfOtherVersion: user?.copyOfOtherVersion === true,
}));
`;

type Installed = 'same version' | 'other version' | 'none';

/** A project with @lambkit/tracer and @lambkit/core copied in, and aws-xray-sdk-core as `installed` says. */
function project(installed: Installed): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambkit-tracer-sdk-'));
  projects.push(dir);
  const modules = join(dir, 'node_modules');
  for (const name of ['tracer', 'core']) {
    const target = join(modules, '@lambkit', name);
    mkdirSync(target, { recursive: true });
    cpSync(join(packages, name, 'package.json'), join(target, 'package.json'));
    cpSync(join(packages, name, 'dist'), join(target, 'dist'), { recursive: true });
  }
  if (installed === 'same version') {
    // The SDK as npm installed it for the repository (its dependencies resolve from there).
    symlinkSync(installedSdk, join(modules, 'aws-xray-sdk-core'), 'dir');
  } else if (installed === 'other version') {
    const sdk = join(modules, 'aws-xray-sdk-core');
    mkdirSync(sdk);
    writeFileSync(
      join(sdk, 'package.json'),
      '{ "name": "aws-xray-sdk-core", "version": "3.5.0", "main": "index.js" }\n',
    );
    cpSync(join(packages, 'tracer', 'dist', 'cjs', 'xray-sdk.js'), join(sdk, 'sdk.js'));
    writeFileSync(
      join(sdk, 'index.js'),
      "module.exports = require('./sdk.js').loadSdk();\nmodule.exports.copyOfOtherVersion = true;\n",
    );
  }
  writeFileSync(join(dir, 'probe.mjs'), PROBE);
  return dir;
}

function probe(dir: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['probe.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: dir,
      AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      ...env,
    },
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, boolean>;
}

describe('new Tracer() with tracing on loads aws-xray-sdk-core', () => {
  it('from its own single file in place of an installed copy of the same version, shared with the function', () => {
    const result = probe(project('same version'));

    expect(result).toEqual({
      ready: true,
      userGotTracersSdk: true,
      importGotTracersSdk: true,
      userFirstKept: true,
      installedModulesRan: false,
      copyOfOtherVersion: false,
    });
  });

  it('as installed when the function loaded it first', () => {
    const result = probe(project('same version'), { PROBE_USER_FIRST: '1' });

    expect(result).toMatchObject({
      ready: true,
      userGotTracersSdk: true,
      userFirstKept: true,
      installedModulesRan: true,
    });
  });

  it('as installed when the installed version is another one', () => {
    const result = probe(project('other version'));

    expect(result).toMatchObject({
      ready: true,
      userGotTracersSdk: true,
      importGotTracersSdk: true,
      copyOfOtherVersion: true,
    });
  });

  it('from its own single file when none is installed', () => {
    const result = probe(project('none'));

    expect(result).toEqual({
      ready: true,
      userGotTracersSdk: false,
      importGotTracersSdk: false,
      userFirstKept: true,
      installedModulesRan: false,
      copyOfOtherVersion: false,
    });
  });
});

describe('requireXraySdk, in this process', () => {
  const AWS_ATTRIBUTES = Symbol.for('@lambkit/tracer.xray-aws-attributes');

  it('takes the single file when none is installed, with the constructor of the aws block on it', () => {
    const sdk = requireXraySdk(join(project('none'), 'probe.mjs'));

    expect(typeof sdk.captureAWSv3Client).toBe('function');
    expect(typeof (sdk as unknown as Record<symbol, unknown>)[AWS_ATTRIBUTES]).toBe('function');
  });

  it('puts the single file in the place of an installed copy of the same version, and finds it there next time', () => {
    const from = join(project('same version'), 'probe.mjs');

    const first = requireXraySdk(from);
    const installedEntry = createRequire(from).resolve('aws-xray-sdk-core');

    expect(createRequire(from)('aws-xray-sdk-core')).toBe(first);
    expect(requireXraySdk(from)).toBe(first);
    expect(Object.keys(createRequire(from).cache)).not.toContain(
      join(installedEntry, '..', 'segments', 'segment.js'),
    );
  });

  it('loads an installed copy of another version as it is', () => {
    const sdk = requireXraySdk(join(project('other version'), 'probe.mjs'));

    expect((sdk as unknown as { copyOfOtherVersion?: boolean }).copyOfOtherVersion).toBe(true);
  });

  it('throws the resolution error when neither is there', () => {
    const bare = mkdtempSync(join(tmpdir(), 'lambkit-tracer-sdk-'));
    projects.push(bare);

    expect(() => requireXraySdk(join(bare, 'index.mjs'))).toThrow(
      expect.objectContaining({
        code: 'MODULE_NOT_FOUND',
        message: expect.stringContaining("'aws-xray-sdk-core'"),
      }),
    );
  });

  it('finds the single file beside a file of its ES module build, from its path alone', () => {
    const dir = project('none');
    const tracer = join(dir, 'node_modules', '@lambkit', 'tracer');
    // Without its manifest the package cannot be resolved by name: only the path leads to the file.
    rmSync(join(tracer, 'package.json'));

    const sdk = requireXraySdk(pathToFileURL(join(tracer, 'dist', 'esm', '_chunks', 'chunk.js')).href);

    expect(typeof sdk.captureAWSv3Client).toBe('function');
    expect(typeof (sdk as unknown as Record<symbol, unknown>)[AWS_ATTRIBUTES]).toBe('function');
  });

  it('finds the single file beside a file of its CommonJS build, from its path alone', () => {
    const dir = project('none');
    const tracer = join(dir, 'node_modules', '@lambkit', 'tracer');
    rmSync(join(tracer, 'package.json'));

    const sdk = requireXraySdk(join(tracer, 'dist', 'cjs', 'sdk-loader.js'));

    expect(typeof sdk.captureAWSv3Client).toBe('function');
  });

  it('throws the resolution error for a build without its single file (as in the layer) and no SDK', () => {
    const dir = project('none');
    const tracer = join(dir, 'node_modules', '@lambkit', 'tracer');
    rmSync(join(tracer, 'dist', 'cjs', 'xray-sdk.js'));

    expect(() => requireXraySdk(join(tracer, 'dist', 'cjs', 'sdk-loader.js'))).toThrow(
      expect.objectContaining({ code: 'MODULE_NOT_FOUND' }),
    );
  });
});

// Importing @lambkit/parameters must load no AWS SDK code. These tests load the BUILT package in
// fresh Node processes (turbo runs the package's build before its tests).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const coreRoot = join(packageRoot, '..', 'core');

function run(args: string[], script: string, cwd?: string): any {
  const out = execFileSync(process.execPath, [...args, '-e', script], {
    encoding: 'utf8',
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out);
}

describe('importing the built package', () => {
  it('loads no @aws-sdk module and not node:http through require()', () => {
    const script = `
      const parameters = require(${JSON.stringify(join(packageRoot, 'dist/cjs/index.js'))});
      console.log(JSON.stringify({
        exports: Object.keys(parameters).sort(),
        sdk: Object.keys(require.cache).filter((path) => path.includes('@aws-sdk')),
        http: process.moduleLoadList.includes('NativeModule http'),
      }));`;

    const result = run([], script);

    expect(result).toEqual({
      exports: [
        'GetParameterError',
        'ParameterNotFoundError',
        'ParameterOptionsError',
        'TransformParameterError',
        'clearCaches',
        'getParameter',
        'getParameters',
        'getParametersByName',
        'getSecret',
        'parameters',
      ],
      sdk: [],
      http: false,
    });
  });

  it('does not load node:http through import', () => {
    const script = `
      const parameters = await import(${JSON.stringify(join(packageRoot, 'dist/esm/index.js'))});
      console.log(JSON.stringify({ getParameter: typeof parameters.getParameter, http: process.moduleLoadList.includes('NativeModule http') }));`;

    const result = run(['--input-type=module'], script);

    expect(result).toEqual({ getParameter: 'function', http: false });
  });

  describe('where no AWS SDK is installed', () => {
    let project: string;

    beforeAll(() => {
      project = mkdtempSync(join(tmpdir(), 'lambkit-parameters-no-sdk-'));
      for (const [name, root] of [
        ['parameters', packageRoot],
        ['core', coreRoot],
      ]) {
        const target = join(project, 'node_modules', '@lambkit', name);
        mkdirSync(target, { recursive: true });
        cpSync(join(root, 'package.json'), join(target, 'package.json'));
        cpSync(join(root, 'dist'), join(target, 'dist'), { recursive: true });
      }
    });

    afterAll(() => {
      rmSync(project, { recursive: true, force: true });
    });

    it('imports and requires the package', () => {
      const script = `
        const esm = await import('@lambkit/parameters');
        const { createRequire } = await import('node:module');
        const cjs = createRequire(process.cwd() + '/index.js')('@lambkit/parameters');
        console.log(JSON.stringify([typeof esm.getSecret, typeof cjs.getSecret]));`;

      const result = run(['--input-type=module'], script, project);

      expect(result).toEqual(['function', 'function']);
    });

    it("rejects transport 'sdk' with a GetParameterError naming the missing package", () => {
      const script = `
        const { getParameter } = await import('@lambkit/parameters');
        const error = await getParameter('/app/flag', { transport: 'sdk' }).catch((e) => e);
        console.log(JSON.stringify({ name: error.name, message: error.message }));`;

      const result = run(['--input-type=module'], script, project);

      expect(result).toEqual({
        name: 'GetParameterError',
        message:
          'Failed to get the parameter "/app/flag": @aws-sdk/client-ssm could not be loaded; install it, or attach the Parameters and Secrets extension layer',
      });
    });
  });
});

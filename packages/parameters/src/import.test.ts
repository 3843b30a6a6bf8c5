// Importing @lambkit/parameters must load no AWS SDK code. These tests load the BUILT package in
// fresh Node processes (turbo runs the package's build before its tests).
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startParametersExtension } from '@lambkit/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../test/test-helpers.js';

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

/** Like `run`, without blocking this process: an emulator started here can answer the child. */
async function runWithEnv(script: string, cwd: string, env: Record<string, string>): Promise<any> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return JSON.parse(stdout);
}

/** The variables that tell lambkit it runs inside Lambda, as @lambkit/local's runLambda sets them. */
const LAMBDA_ENV = { AWS_LAMBDA_FUNCTION_NAME: 'orders', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' };

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
        'SetParameterError',
        'Transform',
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

  it('loads no @aws-sdk module and not node:http through require() of any Powertools subpath', () => {
    const subpaths = ['ssm', 'secrets', 'appconfig', 'appconfig-agent', 'dynamodb', 'base', 'errors'];
    const script = `
      const loaded = ${JSON.stringify(subpaths)}.map((subpath) =>
        Object.keys(require(${JSON.stringify(join(packageRoot, 'dist/cjs'))} + '/' + subpath + '/index.js')).length > 0);
      console.log(JSON.stringify({
        loaded,
        sdk: Object.keys(require.cache).filter((path) => path.includes('@aws-sdk')),
        http: process.moduleLoadList.includes('NativeModule http'),
      }));`;

    const result = run([], script);

    expect(result).toEqual({ loaded: subpaths.map(() => true), sdk: [], http: false });
  });

  it('does not load node:http through import of the providers', () => {
    const script = `
      const dist = ${JSON.stringify(join(packageRoot, 'dist/esm'))};
      const modules = await Promise.all(['ssm', 'secrets', 'appconfig', 'dynamodb'].map((s) => import(dist + '/' + s + '/index.js')));
      console.log(JSON.stringify({
        providers: modules.map((m) => Object.keys(m).filter((k) => k.endsWith('Provider'))).flat(),
        http: process.moduleLoadList.includes('NativeModule http'),
      }));`;

    const result = run(['--input-type=module'], script);

    expect(result).toEqual({
      providers: ['SSMProvider', 'SecretsProvider', 'AppConfigProvider', 'DynamoDBProvider'],
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

    it("uses a running extension emulator under transport 'auto' with Lambda's variables and no /opt/extensions", async () => {
      const extension = await startParametersExtension({ parameters: { '/app/flag': 'from-emulator' } });
      const script = `
        const { getParameter } = await import('@lambkit/parameters');
        console.log(JSON.stringify(await getParameter('/app/flag').catch((e) => e.message)));`;

      const result = await runWithEnv(script, project, { ...LAMBDA_ENV, ...extension.env });
      await extension.close();

      expect(result).toBe('from-emulator');
      expect(extension.requestCount).toBe(1);
    });

    it("names both routes and both fixes under transport 'auto' with neither the extension nor the SDK", async () => {
      const port = await closedPort();
      const script = `
        const { getParameter } = await import('@lambkit/parameters');
        console.log(JSON.stringify(await getParameter('/app/flag').catch((e) => e.message)));`;

      const message = await runWithEnv(script, project, {
        ...LAMBDA_ENV,
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
        AWS_SESSION_TOKEN: 'token',
      });

      expect(message).toMatch(
        new RegExp(
          `^Failed to get the parameter "/app/flag": every route failed\\. The Parameters and Secrets extension: nothing accepted connections on localhost:${port} \\(connection refused, 6 attempts over \\d+ ms\\)\\. The AWS SDK: @aws-sdk/client-ssm could not be loaded\\. Likely fix: attach the AWS-Parameters-and-Secrets-Lambda-Extension layer .*; or install @aws-sdk/client-ssm\\.$`,
        ),
      );
    });
  });
});

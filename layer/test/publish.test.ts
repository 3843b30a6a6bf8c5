import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/build-layer.mjs';
import { COMPATIBLE_ARCHITECTURES, COMPATIBLE_RUNTIMES } from '../src/publish-layer.mjs';
import { writeZip } from '../src/zip.mjs';
import { type LambdaApiEmulator, startLambdaApiEmulator } from './lambda-api-emulator.js';

const REGION = 'eu-west-1';
let work: string;
let zip: string;
let lambda: LambdaApiEmulator;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lambkit-publish-'));
  zip = join(work, 'lambkit-layer.zip');
  writeFileSync(
    zip,
    writeZip([
      {
        name: 'nodejs/node_modules/@lambkit/core/package.json',
        data: Buffer.from('{"name":"@lambkit/core"}'),
      },
    ]),
  );
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

afterEach(async () => {
  await lambda?.close();
});

/** The lines the script wrote to stderr, without Node's warnings (the SDK warns on Node 20). */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('layer:publish:'));
}

/** Runs layer/publish.mjs as `npm run layer:publish` would, with placeholder credentials. */
function publish(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'layer', 'publish.mjs'), ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: work,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('layer/publish.mjs', () => {
  it('publishes the zip as a layer version for Node 20, 22 and 24 on both architectures', async () => {
    lambda = await startLambdaApiEmulator({ region: REGION });

    const result = await publish(['--region', REGION, '--zip', zip, '--endpoint-url', lambda.url]);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      `published arn:aws:lambda:${REGION}:123456789012:layer:lambkit:1 (version 1)\n`,
    );
    expect(lambda.calls).toHaveLength(1);
    const [call] = lambda.calls;
    expect(call).toMatchObject({
      operation: 'PublishLayerVersion',
      method: 'POST',
      path: '/2018-10-31/layers/lambkit/versions',
    });
    expect(call.authorization).toContain(`/${REGION}/lambda/aws4_request`);
    expect(call.body).toMatchObject({
      CompatibleRuntimes: ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'],
      CompatibleArchitectures: ['x86_64', 'arm64'],
      LicenseInfo: 'MIT',
      Description: expect.stringMatching(/^lambkit \d+\.\d+\.\d+: /),
    });
    expect(Buffer.from(call.body.Content.ZipFile, 'base64').equals(readFileSync(zip))).toBe(true);
  });

  it('with --public, lets every account get the new version', async () => {
    lambda = await startLambdaApiEmulator({ region: REGION });

    const result = await publish([
      '--region',
      REGION,
      '--zip',
      zip,
      '--endpoint-url',
      lambda.url,
      '--public',
      '--layer-name',
      'lambkit-test',
    ]);

    expect(result.status, result.stderr).toBe(0);
    expect(lambda.calls.map((call) => [call.operation, call.path])).toEqual([
      ['PublishLayerVersion', '/2018-10-31/layers/lambkit-test/versions'],
      ['AddLayerVersionPermission', '/2018-10-31/layers/lambkit-test/versions/1/policy'],
    ]);
    expect(lambda.calls[1].body).toEqual({
      StatementId: 'lambkit-public',
      Action: 'lambda:GetLayerVersion',
      Principal: '*',
    });
    expect(result.stdout).toContain('made public: {"Sid":"lambkit-public","Effect":"Allow","Principal":"*"');
  });

  it('with --dry-run, prints each call and its parameters and calls nothing', async () => {
    lambda = await startLambdaApiEmulator({ region: REGION });

    const result = await publish([
      '--region',
      REGION,
      '--zip',
      zip,
      '--endpoint-url',
      lambda.url,
      '--public',
      '--dry-run',
    ]);

    expect(result.status, result.stderr).toBe(0);
    expect(lambda.calls).toEqual([]);
    expect(result.stdout.split('\n')).toEqual([
      `would call PublishLayerVersion in ${REGION}:`,
      '  LayerName: lambkit',
      expect.stringMatching(/^ {2}Description: lambkit \d+\.\d+\.\d+: /),
      '  CompatibleRuntimes: nodejs20.x, nodejs22.x, nodejs24.x',
      '  CompatibleArchitectures: x86_64, arm64',
      '  LicenseInfo: MIT',
      expect.stringMatching(
        new RegExp(`^ {2}Content\\.ZipFile: ${zip} \\(\\d+ B, sha256 [A-Za-z0-9+/=]{44}\\)$`),
      ),
      `would call AddLayerVersionPermission in ${REGION} on the new version:`,
      '  LayerName: lambkit',
      '  StatementId: lambkit-public',
      '  Action: lambda:GetLayerVersion',
      '  Principal: *',
      '',
    ]);
  });

  it('refuses to run without a region, saying why', async () => {
    const result = await publish(['--zip', zip, '--dry-run']);

    expect(result.status).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      'layer:publish: a region is required: pass --region <region> (a layer version lives in one Region; publish once per Region)',
    ]);
  });

  it('refuses a zip that is not there, pointing at the build', async () => {
    const result = await publish(['--region', REGION, '--zip', join(work, 'missing.zip')]);

    expect(result.status).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      `layer:publish: no layer zip at ${join(work, 'missing.zip')}; build it with \`npm run layer\``,
    ]);
  });

  it('reports the error the Lambda API returns, with its type', async () => {
    lambda = await startLambdaApiEmulator({ region: REGION });
    const notAZip = join(work, 'not-a-zip.zip');
    writeFileSync(notAZip, 'plain text');

    const result = await publish(['--region', REGION, '--zip', notAZip, '--endpoint-url', lambda.url]);

    expect(result.status).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      'layer:publish: InvalidParameterValueException: Content.ZipFile is not a zip archive',
    ]);
  });
});

/** The items of a YAML block list under `key:` (one `- item` per line). */
function yamlList(text: string, key: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s+- (\S+)$/.exec(line);
    if (item === null) break;
    items.push(item[1]);
  }
  return items;
}

describe('layer/template.yaml', () => {
  const template = readFileSync(join(repoRoot, 'layer', 'template.yaml'), 'utf8');

  it('declares the runtimes and architectures the publish script uses', () => {
    expect(yamlList(template, 'CompatibleRuntimes')).toEqual(COMPATIBLE_RUNTIMES);
    expect(yamlList(template, 'CompatibleArchitectures')).toEqual(COMPATIBLE_ARCHITECTURES);
    expect(COMPATIBLE_RUNTIMES).toEqual(['nodejs20.x', 'nodejs22.x', 'nodejs24.x']);
  });

  it('points at the zip `npm run layer` writes', () => {
    expect(template).toMatch(/^\s+Type: AWS::Serverless::LayerVersion$/m);
    expect(template).toMatch(/^\s+ContentUri: \.\.\/dist\/lambkit-layer\.zip$/m);
  });
});

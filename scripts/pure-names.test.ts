import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { impureNames, pureNames } from './pure-names.mjs';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A small package joined the way scripts/build-package.mjs joins one, then passed through pureNames. */
async function joinedPackage(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'pure-names-'));
  writeFileSync(
    join(dir, 'lib.mjs'),
    [
      'export class Logger { child() { return new Logger(); } }',
      'export class LoggerError extends Error {}',
      'export function injectLambdaContext() { return new Logger(); }',
      'export function used() { return 1; }',
    ].join('\n'),
  );
  await build({
    entryPoints: [join(dir, 'lib.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    keepNames: true,
    outfile: join(dir, 'joined.mjs'),
    logLevel: 'error',
  });
  const joined = pureNames(readFileSync(join(dir, 'joined.mjs'), 'utf8'));
  writeFileSync(join(dir, 'joined.mjs'), joined);
  return joined;
}

describe('pureNames', () => {
  it('keeps the names of joined classes and functions, a self-referencing class included', async () => {
    // Prepare
    await joinedPackage();

    // Act
    const lib = await import(join(dir, 'joined.mjs'));

    // Assess
    expect([lib.Logger.name, lib.LoggerError.name, lib.injectLambdaContext.name, lib.used.name]).toEqual([
      'Logger',
      'LoggerError',
      'injectLambdaContext',
      'used',
    ]);
    expect(new lib.Logger().child().constructor.name).toBe('Logger');
  });

  it('leaves no import-time side effect, so a bundle of one export drops the others', async () => {
    // Prepare
    const joined = await joinedPackage();
    writeFileSync(join(dir, 'app.mjs'), "import { used } from './joined.mjs';\nconsole.log(used());\n");

    // Act
    const result = await build({
      entryPoints: [join(dir, 'app.mjs')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      minify: true,
      write: false,
      logLevel: 'error',
    });
    const bundle = result.outputFiles[0].text;

    // Assess
    expect(impureNames(joined)).toEqual([]);
    expect(bundle).not.toContain('injectLambdaContext');
    expect(bundle).not.toContain('LoggerError');
    expect(bundle).not.toMatch(/class/);
  });
});

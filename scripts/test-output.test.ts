import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// `npm test` starts vitest once per project and the AWS SDK in many workers: a warning printed by
// either is printed tens or hundreds of times, burying the results.
describe('test output', () => {
  it('loads the vitest configuration without Vite warning about ES module syntax loaded as CommonJS', () => {
    const result = spawnSync(
      process.execPath,
      [join(root, 'node_modules/vitest/vitest.mjs'), 'list', '--project', 'scripts', '--filesOnly'],
      { cwd: root, encoding: 'utf8' },
    );

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/\(!\)|CommonJS|configLoader/);
    expect(result.stdout).toContain('scripts/test-output.test.ts');
  }, 30_000);

  it('creates AWS SDK clients without the SDK warning about Node versions', () => {
    const result = spawnSync(
      process.execPath,
      ['-e', "const { SSMClient } = require('@aws-sdk/client-ssm'); new SSMClient({ region: 'us-east-1' });"],
      { cwd: root, encoding: 'utf8', env: process.env },
    );

    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});

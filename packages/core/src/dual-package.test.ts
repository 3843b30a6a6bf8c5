import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

describe('dual package', () => {
  // Needs the build: turbo runs the package's build before its tests.
  it('shares cold start and the client cache between the ESM and CommonJS builds', () => {
    const script = `
      import { createRequire } from 'node:module';
      const esm = await import(${JSON.stringify(`${packageRoot}dist/esm/index.js`)});
      const cjs = createRequire(import.meta.url)(${JSON.stringify(`${packageRoot}dist/cjs/index.js`)});
      class Client { constructor(c) { this.c = c; } }
      const a = esm.cachedClient(Client, { region: 'x' });
      const b = cjs.cachedClient(Client, { region: 'x' });
      const provider = async () => ({});
      const c = esm.cachedClient(Client, { credentials: provider });
      const d = cjs.cachedClient(Client, { credentials: provider });
      console.log(JSON.stringify({ same: a === b && c === d && a !== c, cold: [esm.isColdStart('r1'), cjs.isColdStart('r1'), cjs.isColdStart('r2')] }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ same: true, cold: [true, true, false] });
  });
});

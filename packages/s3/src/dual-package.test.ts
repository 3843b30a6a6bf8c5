import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

describe('dual package', () => {
  // Needs the build: turbo runs the package's build before its tests.
  it('decodes once when the ES module and CommonJS builds both normalize the same event', () => {
    const script = `
      import { createRequire } from 'node:module';
      const esm = await import(${JSON.stringify(`${packageRoot}dist/esm/index.js`)});
      const cjs = createRequire(import.meta.url)(${JSON.stringify(`${packageRoot}dist/cjs/index.js`)});
      const event = { Records: [{ eventSource: 'aws:s3', s3: { object: { key: '100%2525+a.csv' } } }] };
      esm.normalizeS3Event(event);
      cjs.normalizeS3Event(event);
      console.log(JSON.stringify(event.Records[0].s3.object.key));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toBe('100%25 a.csv');
  });
});

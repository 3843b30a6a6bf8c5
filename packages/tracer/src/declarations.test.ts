import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Checks the published declarations (dist/, which turbo builds before the tests) in a project of
// its own, outside the monorepo, so nothing can resolve the optional aws-xray-sdk-core.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'lambkit-tracer-types-'));

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

/** Copies a workspace package as npm installs it: package.json and dist, no node_modules. */
function installCopy(name: string): void {
  const from = join(root, 'packages', name);
  const to = join(project, 'node_modules/@lambkit', name);
  cpSync(join(from, 'package.json'), join(to, 'package.json'));
  cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true });
}

describe('the published declarations', () => {
  it('type-check with skipLibCheck off in a project without aws-xray-sdk-core', () => {
    installCopy('core');
    installCopy('tracer');
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          // Powertools' documented decorators are TypeScript's legacy ones.
          experimentalDecorators: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2023'],
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['handler.ts'],
      }),
    );
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(project, 'handler.ts'),
      [
        "import { type SegmentLike, Tracer } from '@lambkit/tracer';",
        "import { captureLambdaHandler } from '@lambkit/tracer/middleware';",
        "import type { CaptureMethodOptions, TracerOptions } from '@lambkit/tracer/types';",
        "const options: TracerOptions = { serviceName: 'orders' };",
        "const methodOptions: CaptureMethodOptions = { subSegmentName: '### charge' };",
        'const tracer = new Tracer(options);',
        'const segment: SegmentLike | undefined = tracer.getSegment();',
        "const subsegment = segment?.addNewSubsegment('### handler');",
        'if (subsegment !== undefined) tracer.setSegment(subsegment);',
        "subsegment?.addAttribute('tenant', 't-1');",
        'subsegment?.close();',
        'if (subsegment !== undefined) tracer.setSegment(subsegment.parent);',
        'tracer.provider.setLogger(console);',
        'export class Lambda {',
        '  @tracer.captureMethod(methodOptions)',
        '  public async charge(orderId: string) { return orderId; }',
        '  @tracer.captureLambdaHandler({ captureResponse: false })',
        '  public async handler(event: { orderId: string }, _context: unknown) { return this.charge(event.orderId); }',
        '}',
        'export const middleware = captureLambdaHandler(tracer);',
        '',
      ].join('\n'),
    );

    const result = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', project],
      {
        encoding: 'utf8',
      },
    );

    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

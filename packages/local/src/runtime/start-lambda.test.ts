// startLambda's options for other runtimes: another node binary, the runtime's own node_modules, and
// a runtime client of one's own in place of lambkit's (as `ricPath` runs aws-lambda-ric).
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GREET_LAYER, type TempTree, writeTree } from '../../test/runtime/test-functions.js';
import { runLambda } from '../index.js';

const trees: TempTree[] = [];
function tree(files: Record<string, string>): string {
  const written = writeTree(files);
  trees.push(written);
  return written.dir;
}
afterAll(() => {
  for (const written of trees) written.remove();
});

// A minimal runtime client in the layout of aws-lambda-ric (its index.mjs): one invocation, answered
// with where the layer's package resolves from, which shows the NODE_PATH hooks were registered.
const OWN_CLIENT = `const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime';
const next = await fetch(api + '/invocation/next');
const id = next.headers.get('lambda-runtime-aws-request-id');
let resolved;
try { resolved = import.meta.resolve('greet'); } catch (error) { resolved = error.code; }
await fetch(api + '/invocation/' + id + '/response', { method: 'POST', body: JSON.stringify({ client: 'own', resolved }) });
`;

describe('startLambda options', () => {
  it('runs another node binary, asking it its version for the flags and AWS_EXECUTION_ENV', async () => {
    const bin = tree({});
    symlinkSync(process.execPath, join(bin, 'node'));
    const run = await runLambda({
      handler: 'index.handler',
      taskRoot: tree({ 'index.js': 'exports.handler = async () => process.env.AWS_EXECUTION_ENV;' }),
      node: join(bin, 'node'),
      events: [{}],
    });

    expect(run.invocations[0]?.response).toBe(`AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`);
  });

  it('exposes runtimeModules as the runtime directory node_modules, on NODE_PATH', async () => {
    const run = await runLambda({
      handler: 'index.handler',
      taskRoot: tree({ 'index.js': "exports.handler = async () => require('runtime-sdk').name;" }),
      runtimeModules: join(tree({ 'runtime-sdk/index.js': "exports.name = 'from /var/runtime';" })),
      events: [{}],
    });

    expect(run.invocations[0]?.response).toBe('from /var/runtime');
  });

  it('runs the runtime client at ricPath, with the NODE_PATH hooks registered ahead of it unless esmNodePath is false', async () => {
    const opt = tree(GREET_LAYER);
    const ricPath = tree({ 'index.mjs': OWN_CLIENT, 'package.json': '{ "type": "module" }' });
    const options = { handler: 'index.handler', taskRoot: tree({}), optDir: opt, ricPath, events: [{}] };

    const [hooked, plain] = await Promise.all([
      runLambda(options),
      runLambda({ ...options, esmNodePath: false }),
    ]);

    expect(hooked.invocations[0]?.response).toEqual({
      client: 'own',
      resolved: `file://${join(opt, 'nodejs/node_modules/greet/esm.mjs')}`,
    });
    expect(plain.invocations[0]?.response).toEqual({ client: 'own', resolved: 'ERR_MODULE_NOT_FOUND' });
  });
});

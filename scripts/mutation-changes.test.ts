// How `node stryker/run.mjs --changed` decides which modules to run again: on a package copied into a
// temporary folder, against states written the way Stryker and the script write them.
import { createHash } from 'node:crypto';
import fs, { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeOf, hashesOf, helperChangeOf, readState, withLeftOutFiles } from '../stryker/run.mjs';

type Files = Record<string, string>;
type State = Record<string, unknown>;

// s3's entry in stryker/modules.mjs mutates packages/s3/src/**/*.ts but tests, helpers and index.ts.
const source = {
  'packages/s3/src/decode.ts': 'export const decode = (key: string) => decodeURIComponent(key);\n',
  'packages/s3/src/limits.ts': 'export const MAX_KEY_BYTES = 1024;\n',
  'packages/s3/src/index.ts': "export * from './decode.js';\n",
};
const tests = {
  'packages/s3/src/decode.test.ts': "it('decodes', () => expect(decode('a%20b')).toBe('a b'));\n",
  'packages/s3/src/todo.test.ts': '// no test yet\n',
};
const helpers = {
  'packages/s3/test/test-fixtures.ts': "export const key = 'a%20b';\n",
  'packages/s3/src/__fixtures__/event.json': '{"Records":[]}\n',
};
// In the package, yet neither run by a mutation run nor loaded by one.
const notRun = {
  'packages/s3/test/types.test-d.ts': 'expectTypeOf(decode).toBeFunction();\n',
  'packages/s3/src/__fixtures__/README.md': 'Captured events.\n',
  'packages/s3/test/test-env.d.ts': 'declare const key: string;\n',
};

let root: string;

function write(files: Files): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The state a run leaves, before the script adds its hashes: Stryker keeps the source of a mutated
 * file with mutants (decode.ts) and of a test file with tests (decode.test.ts), not limits.ts or todo.test.ts.
 */
function strykerState(): State {
  return {
    schemaVersion: '2',
    files: { 'packages/s3/src/decode.ts': { source: source['packages/s3/src/decode.ts'], mutants: [] } },
    testFiles: {
      'packages/s3/src/decode.test.ts': { source: tests['packages/s3/src/decode.test.ts'], tests: [] },
    },
  };
}

/** The state committed before helpers were recorded: the files Stryker left out, by hash. */
function stateWithoutHelpers(): State {
  return {
    ...strykerState(),
    filesWithoutMutantsOrTests: {
      files: { 'packages/s3/src/limits.ts': sha256(source['packages/s3/src/limits.ts']) },
      testFiles: { 'packages/s3/src/todo.test.ts': sha256(tests['packages/s3/src/todo.test.ts']) },
    },
  };
}

/** The state the script writes now: Stryker's, with the hashes of what it left out and of the helpers. */
function currentState(): State {
  return withLeftOutFiles(strykerState(), hashesOf('s3', root));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mutation-changes-'));
  write({ ...source, ...tests, ...helpers, ...notRun });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

// stryker/run.mjs lists files with fs.globSync (Node 22); on Node 20 it runs itself again on Node 22,
// and CI runs these tests on Node 22 and 24.
describe.skipIf(typeof fs.globSync !== 'function')('stryker/run.mjs --changed', () => {
  it('records the helpers and the files Stryker left out, and finds nothing changed right after', () => {
    const state = currentState();
    expect(state.filesWithoutMutantsOrTests).toEqual({
      files: { 'packages/s3/src/limits.ts': sha256(source['packages/s3/src/limits.ts']) },
      testFiles: { 'packages/s3/src/todo.test.ts': sha256(tests['packages/s3/src/todo.test.ts']) },
      helperFiles: {
        'packages/s3/src/__fixtures__/event.json': sha256(helpers['packages/s3/src/__fixtures__/event.json']),
        'packages/s3/test/test-fixtures.ts': sha256(helpers['packages/s3/test/test-fixtures.ts']),
      },
    });
    expect(changeOf('s3', state, root)).toBeUndefined();
    expect(helperChangeOf('s3', state, root)).toBeUndefined();
  });

  it('reads a committed gzipped state, and sees no state as a change', () => {
    const state = currentState();
    expect(readState('s3', root)).toBeUndefined();
    expect(changeOf('s3', undefined, root)).toBe('no committed state');
    mkdirSync(join(root, 'stryker/incremental'), { recursive: true });
    writeFileSync(join(root, 'stryker/incremental/s3.json.gz'), gzipSync(JSON.stringify(state)));
    expect(readState('s3', root)).toEqual(state);
    expect(changeOf('s3', readState('s3', root), root)).toBeUndefined();
  });

  it('sees a changed source or test text', () => {
    const state = currentState();
    write({ 'packages/s3/src/decode.ts': 'export const decode = (key: string) => key;\n' });
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/decode.ts changed');
    write(source);
    write({ 'packages/s3/src/decode.test.ts': "it('decodes', () => {});\n" });
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/decode.test.ts changed');
  });

  it('sees a file without mutants or tests only when its text changes', () => {
    const state = currentState();
    write({ 'packages/s3/src/limits.ts': 'export const MAX_KEY_BYTES = 1024;\n' });
    expect(changeOf('s3', state, root)).toBeUndefined();
    write({ 'packages/s3/src/limits.ts': 'export const MAX_KEY_BYTES = 2048;\n' });
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/limits.ts changed');
    write(source);
    write({ 'packages/s3/src/todo.test.ts': "it('limits', () => {});\n" });
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/todo.test.ts changed');
  });

  it('sees a file removed from the module, and a new source or test file', () => {
    const state = currentState();
    rmSync(join(root, 'packages/s3/src/limits.ts'));
    expect(changeOf('s3', state, root)).toBe(
      'packages/s3/src/limits.ts is in the state, no longer in the module',
    );
    write(source);
    write({ 'packages/s3/src/encode.ts': 'export const encode = encodeURIComponent;\n' });
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/encode.ts is new');
    rmSync(join(root, 'packages/s3/src/encode.ts'));
    write({ 'packages/s3/src/encode.test.ts': "it('encodes', () => {});\n" });
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/encode.test.ts is new');
  });

  it('leaves out files that neither a mutation run mutates nor loads', () => {
    const state = currentState();
    write({
      'packages/s3/src/index.ts': "export * from './limits.js';\n",
      'packages/s3/test/types.test-d.ts': '// changed\n',
      'packages/s3/src/__fixtures__/README.md': '// changed\n',
      'packages/s3/test/test-env.d.ts': '// changed\n',
      'packages/batch/test/test-events.ts': '// another package\n',
    });
    expect(changeOf('s3', state, root)).toBeUndefined();
  });

  it('sees a changed, new or removed test helper or fixture, as a change Stryker cannot see', () => {
    const state = currentState();
    write({ 'packages/s3/test/test-fixtures.ts': "export const key = 'a+b';\n" });
    expect(changeOf('s3', state, root)).toBe('packages/s3/test/test-fixtures.ts changed');
    expect(helperChangeOf('s3', state, root)).toBe('packages/s3/test/test-fixtures.ts changed');
    write(helpers);
    write({ 'packages/s3/test/sub/test-records.ts': 'export const records = [];\n' });
    expect(changeOf('s3', state, root)).toBe('packages/s3/test/sub/test-records.ts is new');
    rmSync(join(root, 'packages/s3/test/sub'), { recursive: true });
    rmSync(join(root, 'packages/s3/src/__fixtures__/event.json'));
    expect(changeOf('s3', state, root)).toBe(
      'packages/s3/src/__fixtures__/event.json is in the state, no longer in the module',
    );
  });

  it('names a source change first, and still says when a helper changed with it', () => {
    const state = currentState();
    write({
      'packages/s3/src/decode.ts': '// changed\n',
      'packages/s3/test/test-fixtures.ts': '// changed\n',
    });
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/decode.ts changed');
    expect(helperChangeOf('s3', state, root)).toBe('packages/s3/test/test-fixtures.ts changed');
    write({ ...source, ...helpers });
    write({ 'packages/s3/src/decode.ts': '// changed\n' });
    expect(helperChangeOf('s3', state, root)).toBeUndefined();
  });

  it('takes a state without a record of the helpers as unknown helpers, not as a change', () => {
    const state = stateWithoutHelpers();
    expect(changeOf('s3', state, root)).toBeUndefined();
    write({ 'packages/s3/test/test-fixtures.ts': '// changed\n' });
    expect(changeOf('s3', state, root)).toBeUndefined();
    expect(helperChangeOf('s3', state, root)).toBeUndefined();
    write({ 'packages/s3/src/limits.ts': '// changed\n' });
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/limits.ts changed');
  });

  it('checks a state older still, with only what Stryker keeps, as before', () => {
    const state = strykerState();
    // Without hashes, a file without mutants or tests is new to the state.
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/limits.ts is new');
    rmSync(join(root, 'packages/s3/src/limits.ts'));
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/todo.test.ts is new');
    rmSync(join(root, 'packages/s3/src/todo.test.ts'));
    expect(changeOf('s3', state, root)).toBeUndefined();
    write({ 'packages/s3/src/decode.ts': '// changed\n' });
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/decode.ts changed');
  });

  it('records an empty map for a package without helpers, so that a first helper is new', () => {
    rmSync(join(root, 'packages/s3/test/test-fixtures.ts'));
    rmSync(join(root, 'packages/s3/src/__fixtures__/event.json'));
    const state = currentState();
    expect((state.filesWithoutMutantsOrTests as State).helperFiles).toEqual({});
    write(helpers);
    expect(changeOf('s3', state, root)).toBe('packages/s3/src/__fixtures__/event.json is new');
  });
});

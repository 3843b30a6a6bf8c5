// The same handlers through @aws-lambda-powertools/tracer and @lambkit/tracer, each in a process of
// its own (tracer-output.child.mjs) with the same trace header and environment, sending to one
// local X-Ray daemon: the subsegments each sends must have the same names, nesting, annotations,
// metadata, namespaces, error and fault flags and cause (ids, times and stack frames aside), or the
// difference must be listed in compat/differences.json as `tracer:output:<path>`.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startXrayDaemon, type XrayDaemon, type XrayDocument } from '@lambkit/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithList, readDifferences } from './differences.js';
import { differingPaths } from './side-by-side.js';

const run = promisify(execFile);
const differences = readDifferences();
const child = fileURLToPath(new URL('./tracer-output.child.mjs', import.meta.url));
const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';
const TRACE_HEADER = `Root=${ROOT};Parent=${PARENT};Sampled=1`;

type Library = '@aws-lambda-powertools' | '@lambkit';

const scenarios = [
  { name: 'a middy handler with a captured method and an annotated manual subsegment', id: 'middy' },
  { name: 'a decorated class handler with a renamed captured method', id: 'decorated' },
  { name: 'an error thrown by a captured method through a middy handler', id: 'error' },
];

let daemon: XrayDaemon;

beforeAll(async () => {
  daemon = await startXrayDaemon();
});

afterAll(async () => {
  await daemon.close();
});

/** What one subsegment says, with what differs by nature between two runs left out. */
type Node = Record<string, unknown>;

/** Ids, times and the type (streamed or nested) differ by nature; stacks name each library's own frames. */
const VOLATILE = new Set(['id', 'parent_id', 'trace_id', 'start_time', 'end_time', 'type', 'in_progress']);

function comparableCause(cause: XrayDocument['cause']): unknown {
  if (cause === undefined) return undefined;
  return {
    exceptions: (cause.exceptions ?? []).map(({ message, type, remote }) => ({ message, type, remote })),
  };
}

/**
 * The documents of one run as one tree keyed by subsegment name: each subsegment is sent on its
 * own as it closes (or nested in its parent's document), so they are gathered by id and nested by
 * parent id under the Lambda segment, which Lambda itself sends.
 */
function subsegmentTree(documents: XrayDocument[]): Node {
  const byId = new Map<string, { doc: XrayDocument; parent: string | undefined }>();
  function gather(doc: XrayDocument, parent: string | undefined): void {
    const known = byId.get(doc.id);
    if (known === undefined || known.doc.in_progress === true)
      byId.set(doc.id, { doc, parent: doc.parent_id ?? parent });
    for (const nested of doc.subsegments ?? []) gather(nested, doc.id);
  }
  for (const doc of documents) gather(doc, undefined);
  function childrenOf(parent: string): Node {
    const children: Node = {};
    for (const { doc, parent: parentId } of byId.values()) {
      if (parentId !== parent) continue;
      let key = doc.name;
      for (let n = 2; key in children; n++) key = `${doc.name}#${n}`;
      children[key] = comparable(doc);
    }
    return children;
  }
  function comparable(doc: XrayDocument): Node {
    const node: Node = {};
    for (const [key, value] of Object.entries(doc)) {
      if (VOLATILE.has(key) || key === 'subsegments') continue;
      node[key] = key === 'cause' ? comparableCause(value as XrayDocument['cause']) : value;
    }
    const children = childrenOf(doc.id);
    if (Object.keys(children).length > 0) node.subsegments = children;
    return node;
  }
  return childrenOf(PARENT);
}

async function runIn(library: Library, scenario: string) {
  daemon.clear();
  const { stdout } = await run(process.execPath, [child, library, scenario], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: {
      PATH: process.env.PATH,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: '/var/task',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_FUNCTION_NAME: 'orders',
      AWS_REGION: 'eu-west-1',
      _HANDLER: 'index.handler',
      _X_AMZN_TRACE_ID: TRACE_HEADER,
      AWS_XRAY_DAEMON_ADDRESS: daemon.address,
    },
  });
  const documents = daemon.documents.filter((doc) => doc.trace_id === ROOT);
  return {
    outcome: JSON.parse(stdout) as unknown,
    tree: subsegmentTree(documents),
    rejected: [...daemon.rejected],
  };
}

async function runBoth(scenario: string) {
  const theirs = await runIn('@aws-lambda-powertools', scenario);
  const ours = await runIn('@lambkit', scenario);
  return { theirs, ours };
}

function outputGaps(theirs: Node, ours: Node): string[] {
  return [...new Set(differingPaths(theirs, ours).map((path) => `tracer:output:${path}`))].sort();
}

describe('@lambkit/tracer sends what @aws-lambda-powertools/tracer sends', () => {
  const gaps: string[] = [];

  it.each(scenarios)(
    '$name',
    async ({ id }) => {
      const { theirs, ours } = await runBoth(id);
      if (process.env.COMPAT_DUMP) console.log(JSON.stringify({ theirs, ours }, null, 1));

      expect(Object.keys(theirs.tree), 'Powertools sent the handler subsegment').toEqual([
        '## index.handler',
      ]);
      expect(ours.outcome).toEqual(theirs.outcome);
      expect(ours.rejected).toEqual([]);
      const found = outputGaps(theirs.tree, ours.tree);
      gaps.push(...found);
      const { unlisted } = compareWithList(differences, found, 'tracer:output');
      expect(unlisted, 'output differences not in compat/differences.json').toEqual([]);
    },
    30_000,
  );

  it('lists no output difference in compat/differences.json that no longer exists', () => {
    expect(compareWithList(differences, gaps, 'tracer:output').stale).toEqual([]);
  });
});

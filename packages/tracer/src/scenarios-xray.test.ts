import { startXrayDaemon, type XrayDaemon, type XrayDocument } from '@lambkit/local';
import { afterAll, beforeAll } from 'vitest';
import { HANDLER_SUBSEGMENT, useLambdaEnvironment } from '../test/test-env.js';
import { runScenarioSuite, type ScenarioBackend, type TraceTree } from '../test/test-scenarios.js';
import { startHttpServer, startSsmEndpoint } from '../test/test-servers.js';
import { Tracer } from './index.js';

// The shared scenarios through aws-xray-sdk-core to a local X-Ray daemon (a process of its own).
let daemon: XrayDaemon;
let backend: ScenarioBackend;

/** A subsegment as the X-Ray console shows it; ColdStart depends on the order the tests ran in. */
function toTree(doc: XrayDocument, docs: XrayDocument[]): TraceTree {
  const { ColdStart: _coldStart, ...annotations } = doc.annotations ?? {};
  return {
    name: doc.name,
    annotations,
    error: doc.error === true || doc.fault === true,
    children: docs.filter((child) => child.parent_id === doc.id).map((child) => toTree(child, docs)),
  };
}

beforeAll(async () => {
  daemon = await startXrayDaemon();
  useLambdaEnvironment(daemon.address);
  backend = {
    tracer: new Tracer({ serviceName: 'orders' }),
    ssmEndpoint: await startSsmEndpoint(),
    httpServer: await startHttpServer(),
    async tree(root, count) {
      const inTrace = (doc: XrayDocument) => doc.trace_id === root;
      await daemon.waitFor(() => daemon.documents.filter(inTrace).length >= count, 5000);
      const docs = daemon.documents.filter(inTrace);
      const handler = docs.find((doc) => doc.name === HANDLER_SUBSEGMENT) as XrayDocument;
      return toTree(handler, docs);
    },
  };
});

afterAll(async () => {
  await daemon.close();
  await backend.ssmEndpoint.close();
  await backend.httpServer.close();
});

runScenarioSuite('xray', () => backend);

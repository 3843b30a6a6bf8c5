// @lambkit/core: import time, the client cache lookup and the invocation store, next to their floors.
import { beginInvocation, cachedClient, getInvocationState, isColdStart } from '@lambkit/core';
import { EMPTY_PACKAGE, Group, importTimes, nextInvocation, report } from '../lib/harness.mjs';

class Client {
  constructor(config) {
    this.config = config;
  }
}
const direct = new Client({ region: 'eu-west-1' });
const config = { region: 'eu-west-1', maxAttempts: 3 };

report(
  await new Group('core: per-invocation work')
    .floor('reuse a module-scope client', () => direct)
    .lambkit('cachedClient(Client, config)', () => cachedClient(Client, config))
    .lambkit('beginInvocation + getInvocationState + isColdStart, a new invocation per call', () => {
      const context = nextInvocation();
      beginInvocation(context);
      getInvocationState();
      isColdStart(context.awsRequestId);
    })
    .run(),
);

report(
  importTimes('core: import in a fresh process', [
    { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
    { name: '@lambkit/core', role: 'lambkit', specifier: '@lambkit/core' },
    { name: '@aws-lambda-powertools/commons', role: 'anchor', specifier: '@aws-lambda-powertools/commons' },
  ]),
);

// @lambkit/logger: what redaction costs per line. The same line written by three loggers: no
// redaction (the floor), named paths, and a `**.` pattern that walks every level of what the line adds.
// Two lines: an INFO line with three keys (one nested), and the event line of an API Gateway REST
// event (logEvent), where header redaction is used most.
import { Logger } from '@lambkit/logger';
import { redact } from '@lambkit/logger/redact';
import { createApiGatewayProxyEvent, createContext } from '@lambkit/testing';
import { Group, report } from '../lib/harness.mjs';
import { cpuTimes } from './logger-cpu-times.mjs';

process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const context = createContext({ functionName: 'orders' });

/** A logger with the context added, as in a warm invocation. */
function loggerWith(redact) {
  const logger = new Logger({ serviceName: 'orders', redact });
  logger.addContext(context);
  return logger;
}

const plain = loggerWith(undefined);
const paths = loggerWith(
  redact(['customer.password', 'event.headers.authorization', 'event.headers.cookie']),
);
const deep = loggerWith(redact(['**.password', '**.authorization']));

const message = 'order placed';
const extras = { orderId: 'o-123', amount: 42.5, customer: { id: 'c-1', tier: 'gold', password: 'p' } };

const { headers } = createApiGatewayProxyEvent();
const event = createApiGatewayProxyEvent({
  httpMethod: 'POST',
  path: '/orders',
  headers: { ...headers, Authorization: 'Bearer token', Cookie: 'session=s' },
  body: JSON.stringify({ orderId: 'o-123' }),
});

const lines = [
  {
    title: 'one INFO line, three keys (one nested)',
    line: (logger) => () => logger.info(message, extras),
  },
  {
    title: 'the event line of an API Gateway REST event (logEvent)',
    line: (logger) => () => logger.logEventIfEnabled(event, true),
  },
];

for (const { title, line } of lines) {
  const tasks = [
    { name: 'no redaction', role: 'floor', fn: line(plain) },
    { name: 'named paths (customer.password, event.headers.*)', role: 'lambkit', fn: line(paths) },
    { name: "'**.password', '**.authorization'", role: 'other', fn: line(deep) },
  ];
  const group = new Group(`logger redact: ${title}`);
  for (const { name, role, fn } of tasks) group[role](name, fn);
  report(await group.run());
  // Wall time swings on a loaded machine; CPU time does not count other processes.
  report(cpuTimes(`logger redact: ${title}, CPU time (process.cpuUsage)`, tasks));
}

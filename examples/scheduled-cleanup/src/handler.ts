import { createCleanupHandler } from './cleanup.js';

/**
 * The Lambda handler (template.yaml: `handler.handler`), for the table named by TABLE_NAME and a
 * DynamoDB client configured from the environment. Built at INIT, when the module loads.
 *
 * @example
 * await handler(createScheduledEvent({ ruleName: 'cleanup' }), createContext({ timeoutMs: 60_000 }));
 */
export const handler = createCleanupHandler();

import { sharedState } from './global-state.js';
import { isPlainObject } from './value-checks.js';

/**
 * Any class whose instances are built from one optional configuration object, such as the AWS SDK v3
 * clients (whose constructors take `...[configuration]`).
 */
// biome-ignore lint/suspicious/noExplicitAny: a constructor constraint: any[] parameters accept every AWS SDK client class and its instance type
export type ClientClass = new (...args: any[]) => any;

function identityOf(value: object): string {
  // Numbered in the shared state, so the ES module and CommonJS builds agree on identities.
  const state = sharedState();
  let id = state.objectIds.get(value);
  if (id === undefined) {
    id = state.nextObjectId++;
    state.objectIds.set(value, id);
  }
  return `#${id}`;
}

/**
 * The cache key of a configuration object, taken the first time the object is seen. The AWS SDK
 * mutates the configuration it is given (it marks static credentials with `$source` on the first
 * request), so hashing the same object again later would give a different key and a second client.
 * Remembering the first key per object also makes warm lookups cheap (~50 ns instead of ~2 us).
 */
function keyOf(config: unknown): string {
  if (config === undefined || config === null) return EMPTY_CONFIG_KEY;
  if (typeof config !== 'object') return stableHash(config);
  const keys = sharedState().configKeys;
  let key = keys.get(config);
  if (key === undefined) {
    key = stableHash(config);
    keys.set(config, key);
  }
  return key;
}

const EMPTY_CONFIG_KEY = '{}';

/**
 * A stable text for a configuration: equal for configurations with equal plain values whatever the
 * key order, and distinct for different functions or class instances (compared by identity, since
 * two credential providers with the same source are still different providers).
 *
 * @example
 * stableHash({ region: 'eu-west-1', maxAttempts: 3 }) === stableHash({ maxAttempts: 3, region: 'eu-west-1' }); // true
 */
export function stableHash(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return identityOf(value);
  }
  const object = value as object;
  if (Array.isArray(object)) return `[${object.map(stableHash).join(',')}]`;
  if (!isPlainObject(object)) return identityOf(object);
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const field = (object as Record<string, unknown>)[key];
    if (field === undefined) continue;
    out += `${JSON.stringify(key)}:${stableHash(field)},`;
  }
  return `${out}}`;
}

/**
 * Returns the one instance of `ClientClass` built with `config` for the life of the execution
 * environment. Call it at module scope to create the client during INIT, or inside the handler to
 * create it on first use; warm invocations get the same instance either way. Configurations are
 * compared by value (a stable hash), not by object identity; an object's value is read the first time
 * it is passed, so changes the client makes to it afterwards do not matter.
 *
 * @example
 * import { SSMClient } from '@aws-sdk/client-ssm';
 * const ssm = cachedClient(SSMClient, { region: 'eu-west-1' });
 */
export function cachedClient<C extends ClientClass>(
  ClientClass: C,
  config?: ConstructorParameters<C>[0],
): InstanceType<C> {
  if (typeof ClientClass !== 'function') {
    throw new TypeError(`cachedClient: ClientClass must be a class, got ${typeof ClientClass}`);
  }
  const clients = sharedState().clients;
  let byConfig = clients.get(ClientClass);
  if (byConfig === undefined) {
    byConfig = new Map();
    clients.set(ClientClass, byConfig);
  }
  const key = keyOf(config);
  const cached = byConfig.get(key) as InstanceType<C> | undefined;
  if (cached !== undefined) return cached;
  const client: InstanceType<C> = new ClientClass(config ?? {});
  byConfig.set(key, client);
  return client;
}

/**
 * Forgets every cached client (they are not destroyed). For tests.
 *
 * @example
 * clearClientCache();
 */
export function clearClientCache(): void {
  sharedState().clients.clear();
}

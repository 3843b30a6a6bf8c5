import type { JsonValue } from '@lambkit/parameters';

/**
 * The database secret's JSON: where the reporting database's HTTP interface listens, and who to log
 * in as. Secrets Manager keeps it; the function reads it through the extension.
 */
export interface DatabaseCredentials {
  /** e.g. https://analytics.example.com:8443 */
  url: string;
  username: string;
  password: string;
  database: string;
}

/** One row of the customers table. */
export interface CustomerRow {
  customer_id: string;
  name: string;
  country: string;
}

/**
 * The secret's JSON lacks a field or has one of the wrong type. The message names the fields, never
 * a value.
 *
 * @example
 * new InvalidSecretError(['password']).message; // 'The database secret must hold string fields url, username, password, database; missing or not a string: password'
 */
export class InvalidSecretError extends Error {
  override readonly name = 'InvalidSecretError';
  constructor(readonly fields: string[]) {
    super(
      `The database secret must hold string fields ${CREDENTIAL_FIELDS.join(', ')}; missing or not a string: ${fields.join(', ')}`,
    );
  }
}

/**
 * A downstream service answered with an error status. The message names the service and the status;
 * request headers (which hold the credentials) and response bodies are left out.
 *
 * @example
 * new DownstreamError('database', 401).message; // 'database answered HTTP 401'
 */
export class DownstreamError extends Error {
  override readonly name = 'DownstreamError';
  constructor(
    readonly service: string,
    readonly status: number,
  ) {
    super(`${service} answered HTTP ${status}`);
  }
}

const CREDENTIAL_FIELDS = ['url', 'username', 'password', 'database'] as const;

/**
 * Checks the secret's JSON and returns it typed.
 *
 * @example
 * readDatabaseCredentials(context.database); // { url, username, password, database }
 */
export function readDatabaseCredentials(secret: JsonValue): DatabaseCredentials {
  const object = (
    secret !== null && typeof secret === 'object' && !Array.isArray(secret) ? secret : {}
  ) as Record<string, JsonValue>;
  const wrong = CREDENTIAL_FIELDS.filter(
    (field) => typeof object[field] !== 'string' || object[field] === '',
  );
  if (wrong.length > 0) throw new InvalidSecretError(wrong);
  return object as unknown as DatabaseCredentials;
}

const CUSTOMER_QUERY =
  'SELECT customer_id, name, country FROM customers WHERE customer_id = {customerId:String} LIMIT 1 FORMAT JSON';

/**
 * Looks a customer up through the database's HTTP interface (ClickHouse's: the query in the body,
 * typed query parameters in the URL, the credentials in X-ClickHouse-User / X-ClickHouse-Key
 * headers, never in the URL, where an error message or an access log could show them).
 *
 * @example
 * const row = await findCustomer(credentials, 'c-1001', AbortSignal.timeout(3000)); // undefined when absent
 */
export async function findCustomer(
  credentials: DatabaseCredentials,
  customerId: string,
  signal: AbortSignal,
): Promise<CustomerRow | undefined> {
  const url = new URL(credentials.url);
  url.searchParams.set('database', credentials.database);
  url.searchParams.set('param_customerId', customerId);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'x-clickhouse-user': credentials.username,
      'x-clickhouse-key': credentials.password,
    },
    body: CUSTOMER_QUERY,
    signal,
  });
  if (!response.ok) throw new DownstreamError('database', response.status);
  const result = (await response.json()) as { data: CustomerRow[] };
  return result.data[0];
}

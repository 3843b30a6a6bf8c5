import { EnvVarError, type MiddyRequest, readEnvString } from '@lambkit/core';
import { injectLambdaContext, Logger } from '@lambkit/logger';
import { type ParametersContext, parameters } from '@lambkit/parameters';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DownstreamError, findCustomer, readDatabaseCredentials } from './database.js';
import { fetchCreditScore } from './partner-api.js';

/** A variable the template sets; without it the function cannot work, so INIT fails and says which. */
function requiredEnv(name: string): string {
  const value = readEnvString(name);
  if (value === undefined) throw new EnvVarError(name, '', 'required (template.yaml sets it)');
  return value;
}

// INIT: read once per execution environment.
const logger = new Logger({ serviceName: 'secrets-config' });
const partnerApiUrl = requiredEnv('PARTNER_API_URL');

// What the middleware fetches through the AWS Parameters and Secrets Lambda Extension, and the
// context key each value lands on. Values stay in memory for maxAge seconds, so warm invocations
// make no request at all; the extension keeps its own cache behind this one (SSM_PARAMETER_STORE_TTL,
// SECRETS_MANAGER_TTL).
const fetch = {
  database: { secret: requiredEnv('DB_SECRET_ID'), transform: 'json', maxAge: 300 },
  partnerApiKey: { parameter: requiredEnv('PARTNER_API_KEY_PARAMETER'), decrypt: true, maxAge: 300 },
} as const;

type CustomerContext = Context & ParametersContext<typeof fetch>;

const CUSTOMER_ID = /^[A-Za-z0-9-]{1,64}$/;
const DOWNSTREAM_TIMEOUT_MS = 3_000;

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

async function getCustomer(
  event: APIGatewayProxyEventV2,
  context: CustomerContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const customerId = event.pathParameters?.customerId ?? '';
  if (!CUSTOMER_ID.test(customerId)) {
    return json(400, { message: 'customerId must be 1 to 64 letters, digits or dashes' });
  }
  const credentials = readDatabaseCredentials(context.database);
  const signal = AbortSignal.timeout(DOWNSTREAM_TIMEOUT_MS);
  const customer = await findCustomer(credentials, customerId, signal);
  if (customer === undefined) {
    logger.info('customer not found', { customerId });
    return json(404, { message: 'customer not found' });
  }
  const creditScore = await fetchCreditScore(partnerApiUrl, context.partnerApiKey, customerId, signal);
  logger.info('customer looked up', { customerId, creditScore });
  return json(200, { customerId, name: customer.name, country: customer.country, creditScore });
}

/**
 * Turns a failure (a secret that could not be fetched, a downstream error) into a 5xx answer, and
 * logs it. The errors lambkit and this example throw name what failed, never a value, so the error
 * can be logged whole.
 */
function answerFailure(request: MiddyRequest): void {
  logger.error('customer lookup failed', request.error as Error);
  const status = request.error instanceof DownstreamError ? 502 : 500;
  request.response = json(status, {
    message: status === 502 ? 'a downstream service failed' : 'internal error',
  });
}
const answerFailures = { onError: answerFailure };

/**
 * GET /customers/{customerId}: the customer from the reporting database (credentials from Secrets
 * Manager) with a credit score from a partner API (key from Parameter Store, a SecureString), both
 * read through the AWS Parameters and Secrets Lambda Extension.
 *
 * @example
 * await handler(createApiGatewayProxyEventV2({ pathParameters: { customerId: 'c-1001' } }), context);
 */
export const handler = middy<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  CustomerContext
>()
  .use(answerFailures)
  .use(injectLambdaContext(logger))
  .use(parameters({ fetch, transport: 'extension' }))
  .handler(getCustomer);

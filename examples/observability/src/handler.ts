import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { cachedClient, EnvVarError, type LambdaContext, readEnvString } from '@lambkit/core';
import { correlationPaths, injectLambdaContext, Logger } from '@lambkit/logger';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
import { captureLambdaHandler, Tracer } from '@lambkit/tracer';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A variable the template sets; without it the function cannot work, so INIT fails and says which. */
function requiredEnv(name: string): string {
  const value = readEnvString(name);
  if (value === undefined) throw new EnvVarError(name, '', 'required (template.yaml sets it)');
  return value;
}

// INIT: one logger, metrics store and tracer per execution environment, one DynamoDB client (the
// same instance for every invocation, through cachedClient), traced by the tracer.
const SERVICE = 'catalog';
const logger = new Logger({ serviceName: SERVICE });
const metrics = new Metrics({ namespace: 'LambkitExamples', serviceName: SERVICE });
const tracer = new Tracer({ serviceName: SERVICE });
const dynamodb = tracer.captureAWSv3Client(cachedClient(DynamoDBClient, {}));
const productsTable = requiredEnv('PRODUCTS_TABLE');

/** A product of the Products table. */
export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
}

const SKU = /^SKU-[0-9]{1,12}$/;

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The product in an item, or an error naming the attribute that is missing or of the wrong type. */
function toProduct(item: Record<string, AttributeValue>): Product {
  const { sku, name, priceCents, currency } = item;
  if (
    sku?.S === undefined ||
    name?.S === undefined ||
    priceCents?.N === undefined ||
    currency?.S === undefined
  ) {
    throw new TypeError('Products item must have sku (S), name (S), priceCents (N) and currency (S)');
  }
  return { sku: sku.S, name: name.S, priceCents: Number(priceCents.N), currency: currency.S };
}

/**
 * Reads a product in a subsegment of its own, `### loadProduct`: the DynamoDB call made inside it is
 * recorded under it, so the trace shows the lookup (and how long the call took within it) apart from
 * the rest of the handler.
 */
function loadProduct(sku: string): Promise<Product | undefined> {
  return tracer.subsegment('### loadProduct', async () => {
    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: productsTable, Key: { sku: { S: sku } } }),
    );
    tracer.putAnnotation('productFound', Item !== undefined);
    return Item === undefined ? undefined : toProduct(Item);
  });
}

async function getProduct(
  event: APIGatewayProxyEventV2,
  _context: LambdaContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const sku = event.pathParameters?.sku ?? '';
  if (!SKU.test(sku)) return json(400, { message: 'sku must look like SKU-1001' });
  tracer.putAnnotation('sku', sku); // searchable in X-Ray: annotation.sku = "SKU-1001"
  const product = await loadProduct(sku);
  if (product === undefined) {
    metrics.addMetric('ProductNotFound', MetricUnit.Count, 1);
    logger.warn('product not found', { sku });
    return json(404, { message: 'product not found' });
  }
  metrics.addMetric('ProductViewed', MetricUnit.Count, 1);
  // A SKU has too many values for a dimension (each value would be a metric of its own): it goes in
  // the document as metadata, searchable in CloudWatch Logs Insights.
  metrics.addMetadata('sku', sku);
  logger.info('product found', { sku, priceCents: product.priceCents, currency: product.currency });
  return json(200, product);
}

/**
 * GET /products/{sku}: a product's price from DynamoDB, with the three signals together: a log line
 * per event with the X-Ray trace id and the request id as correlation id, EMF metrics (ColdStart,
 * ProductViewed, ProductNotFound), and a trace of the handler, the lookup and the DynamoDB call.
 *
 * @example
 * await handler(createApiGatewayProxyEventV2({ pathParameters: { sku: 'SKU-1001' } }), createContext());
 */
export const handler = middy(getProduct)
  // First, so the handler subsegment wraps the other middlewares too.
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { correlationIdPath: correlationPaths.API_GATEWAY_HTTP }))
  // Publishes in `after` and in `onError`: metrics recorded before a failure are not lost.
  .use(logMetrics(metrics, { captureColdStartMetric: true }));

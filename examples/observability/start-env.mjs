// What the handler needs around it when it runs locally (`npm start`, and the tests): a local X-Ray
// daemon (a UDP listener) to receive the trace subsegments, a local OTLP/HTTP receiver for the spans
// of the OpenTelemetry variant (handler-otel.ts), a local DynamoDB endpoint speaking the DynamoDB JSON
// protocol with the Products table of the sample events, and the environment Lambda gives a function
// with active tracing, so the tracer is on. Nothing here is deployed.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startOtlpReceiver, startXrayDaemon } from '@lambkit/local';

export const PRODUCTS_TABLE = 'Products';
export const HANDLER = 'handler.handler';

const SAMPLE_PRODUCTS = [
  { sku: 'SKU-1001', name: 'Espresso cup', priceCents: 1250, currency: 'EUR' },
  { sku: 'SKU-1002', name: 'Milk jug', priceCents: 1990, currency: 'EUR' },
];

function marshallProduct(product) {
  return {
    sku: { S: product.sku },
    name: { S: product.name },
    priceCents: { N: String(product.priceCents) },
    currency: { S: product.currency },
  };
}

const JSON_1_0 = 'application/x-amz-json-1.0';

function send(response, status, body, errorType) {
  const text = JSON.stringify(body);
  const headers = {
    'content-type': JSON_1_0,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  };
  if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
  response.writeHead(status, headers);
  response.end(text);
}

function awsError(response, status, type, message) {
  send(response, status, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }, type);
}

/**
 * Starts a local endpoint answering DynamoDB's GetItem (JSON 1.0 protocol, X-Amz-Target
 * DynamoDB_20120810.GetItem) from in-memory tables keyed by their partition key, so the real
 * @aws-sdk/client-dynamodb runs its own serialization and signing against it. Other operations are
 * refused as DynamoDB refuses unknown ones.
 *
 * @param {{ tables: Record<string, { key: string, items: Record<string, unknown>[] }> }} options
 */
export async function startDynamoDbEndpoint({ tables }) {
  const requests = [];
  const failures = { remaining: 0, failure: undefined };
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const body = raw === '' ? {} : JSON.parse(raw);
      requests.push({ target, body, headers: request.headers });
      if (failures.remaining > 0) {
        failures.remaining--;
        const { status = 500, type = 'InternalServerError', message = '' } = failures.failure;
        return awsError(response, status, type, message);
      }
      if (target !== 'DynamoDB_20120810.GetItem') {
        return awsError(response, 400, 'UnknownOperationException', `Unknown operation ${target}`);
      }
      const table = tables[body.TableName];
      if (table === undefined) {
        return awsError(response, 400, 'ResourceNotFoundException', 'Requested resource not found');
      }
      const wanted = body.Key?.[table.key]?.S;
      const item = table.items.find((candidate) => candidate[table.key]?.S === wanted);
      return send(response, 200, item === undefined ? {} : { Item: item });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /** Answer the next `count` requests with this AWS error. */
    failNext(count, failure) {
      failures.remaining = count;
      failures.failure = failure;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/**
 * A span received over OTLP as an X-Ray document, so `npm start` prints the OpenTelemetry variant's
 * trace as it prints the X-Ray one: the span's own name and kind, its X-Ray annotations (the
 * attributes listed in aws.xray.annotations), an error status as a fault.
 */
function spanAsDocument(span) {
  const keys = span.attributes['aws.xray.annotations'] ?? [];
  const annotations = Object.fromEntries(keys.map((key) => [key, span.attributes[key]]));
  return {
    name: `${span.name} (span ${span.kind})`,
    id: span.spanId,
    parent_id: span.parentSpanId,
    trace_id: `1-${span.traceId.slice(0, 8)}-${span.traceId.slice(8)}`,
    start_time: span.startTimeMs / 1000,
    end_time: span.endTimeMs / 1000,
    annotations: keys.length > 0 ? annotations : undefined,
    fault: span.status.code === 'ERROR',
  };
}

/**
 * What `npm start` reads as `xray`: the daemon (its waitFor and address), with `documents` holding the
 * X-Ray documents and the OTLP spans received, and `clear()` forgetting both.
 */
function tracesOfBoth(daemon, otlp) {
  return Object.create(daemon, {
    documents: { get: () => [...daemon.documents, ...otlp.spans.map(spanAsDocument)] },
    clear: {
      value() {
        daemon.clear();
        otlp.clear();
      },
    },
  });
}

/**
 * The local X-Ray daemon, OTLP receiver and DynamoDB endpoint, with the environment that points the
 * handler at them. `daemon.documents` holds every segment document received, `otlp.spans` every span;
 * `xray` shows both to `npm start`. _HANDLER is left to the runtime (each variant is a function of its
 * own); the tests set it.
 */
export async function setup() {
  const daemon = await startXrayDaemon();
  const otlp = await startOtlpReceiver();
  const dynamodb = await startDynamoDbEndpoint({
    tables: { [PRODUCTS_TABLE]: { key: 'sku', items: SAMPLE_PRODUCTS.map(marshallProduct) } },
  });
  return {
    env: {
      // What Lambda sets for a Node.js function with active tracing (the tracer is on only in Lambda).
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: 'observability',
      LAMBDA_TASK_ROOT: fileURLToPath(new URL('./dist', import.meta.url)),
      AWS_XRAY_DAEMON_ADDRESS: daemon.address,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlp.tracesUrl,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCALEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'local-example-secret-access-key',
      AWS_MAX_ATTEMPTS: '1',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      PRODUCTS_TABLE,
    },
    xray: tracesOfBoth(daemon, otlp),
    daemon,
    otlp,
    dynamodb,
    async close() {
      await dynamodb.close();
      await otlp.close();
      await daemon.close();
    },
  };
}

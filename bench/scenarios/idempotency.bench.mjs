// @lambkit/idempotency next to Powertools' idempotency: a repeated event served from the local cache
// (no table call), a new event (the conditional put and the update of the result, on a real DynamoDB
// implementation: dynalite in this process, reached by the real @aws-sdk/client-dynamodb), and import
// time with and without the DynamoDB subpath (lambkit loads @aws-sdk/client-dynamodb on the first call
// to the table, Powertools when its subpath is imported).
import {
  IdempotencyConfig as PtConfig,
  makeIdempotent as ptMakeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer as PtLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@lambkit/idempotency';
import { DynamoDBPersistenceLayer } from '@lambkit/idempotency/dynamodb';
import dynalite from 'dynalite';
import { EMPTY_PACKAGE, Group, importTimes, nextInvocation, report } from '../lib/harness.mjs';

const server = dynalite({ createTableMs: 0 });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
Object.assign(process.env, {
  AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${server.address().port}`,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
const admin = new DynamoDBClient({});
for (const TableName of ['lambkit-idempotency', 'powertools-idempotency']) {
  await admin.send(
    new CreateTableCommand({
      TableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

// An SQS-like event: the key is the order id of the JSON body.
const event = { Records: [{ messageId: 'm-1', body: '{"orderId":"o-1","amount":42}' }] };
const eventKeyJmesPath = 'Records[0].powertools_json(body).orderId';
async function charge(e) {
  return { charged: e.Records[0].messageId };
}
const options = { eventKeyJmesPath, useLocalCache: true };
const lambkit = makeIdempotent(charge, {
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'lambkit-idempotency' }),
  config: new IdempotencyConfig(options),
});
const powertools = ptMakeIdempotent(charge, {
  persistenceStore: new PtLayer({ tableName: 'powertools-idempotency' }),
  config: new PtConfig(options),
});
// The first call of each stores the record (and caches it).
await lambkit(event, nextInvocation('bench'));
await powertools(event, nextInvocation('bench'));

report(
  await new Group('idempotency: a repeated event, local cache hit (no table call)')
    .floor('await the bare function', () => charge(event, nextInvocation('bench')), { async: true })
    .lambkit('await makeIdempotent(fn)(event, context)', () => lambkit(event, nextInvocation('bench')), {
      async: true,
    })
    .anchor(
      'powertools: await makeIdempotent(fn)(event, context)',
      () => powertools(event, nextInvocation('bench')),
      {
        async: true,
      },
    )
    .run(),
);

// A new order id for every call: the put that claims it and the update that completes it.
let order = 0;
function newEvent() {
  order += 1;
  return { Records: [{ messageId: `m-${order}`, body: `{"orderId":"o-${order}","amount":42}` }] };
}
report(
  await new Group('idempotency: a new event (claim and complete on dynalite)')
    .floor('await the bare function', () => charge(newEvent(), nextInvocation('bench')), { async: true })
    .lambkit('await makeIdempotent(fn)(event, context)', () => lambkit(newEvent(), nextInvocation('bench')), {
      async: true,
    })
    .anchor(
      'powertools: await makeIdempotent(fn)(event, context)',
      () => powertools(newEvent(), nextInvocation('bench')),
      { async: true },
    )
    .run(),
);

report(
  importTimes('idempotency: import in a fresh process', [
    { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
    { name: '@lambkit/idempotency', role: 'lambkit', specifier: '@lambkit/idempotency' },
    {
      name: '@lambkit/idempotency/dynamodb (SDK on first call)',
      role: 'lambkit',
      specifier: '@lambkit/idempotency/dynamodb',
    },
    {
      name: 'powertools: @aws-lambda-powertools/idempotency',
      role: 'anchor',
      specifier: '@aws-lambda-powertools/idempotency',
    },
    {
      name: 'powertools: @aws-lambda-powertools/idempotency/dynamodb',
      role: 'anchor',
      specifier: '@aws-lambda-powertools/idempotency/dynamodb',
    },
    { name: '@aws-sdk/client-dynamodb alone', role: 'other', specifier: '@aws-sdk/client-dynamodb' },
  ]),
);

admin.destroy();
await new Promise((resolve) => server.close(resolve));

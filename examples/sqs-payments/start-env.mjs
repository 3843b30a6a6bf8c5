// What the handler needs around it when it runs locally (`npm start`, and the tests): dynalite, a
// DynamoDB implementation in memory, with the idempotency table as template.yaml creates it, and the
// environment that points the real @aws-sdk/client-dynamodb at it. Nothing here is deployed.
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

export const IDEMPOTENCY_TABLE = 'payments-idempotency';

/** Starts dynalite with an empty idempotency table; returns the function's environment and `close`. */
export async function setup() {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  // The client below runs in `npm start`'s own process: its Node 20 notice about 2027 SDK releases
  // says nothing about the example (the function's process gets the same setting in `env`).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALEXAMPLE', secretAccessKey: 'local-example-secret-access-key' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: IDEMPOTENCY_TABLE,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // dynalite answers CREATING and turns the table ACTIVE on a timer; until then item requests fail.
  while (
    (await client.send(new DescribeTableCommand({ TableName: IDEMPOTENCY_TABLE }))).Table?.TableStatus !==
    'ACTIVE'
  )
    await new Promise((resolve) => setTimeout(resolve, 5));
  client.destroy();
  return {
    env: {
      AWS_LAMBDA_FUNCTION_NAME: 'sqs-payments',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCALEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'local-example-secret-access-key',
      AWS_MAX_ATTEMPTS: '1',
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      IDEMPOTENCY_TABLE,
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

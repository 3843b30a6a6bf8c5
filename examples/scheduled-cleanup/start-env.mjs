// `npm start` calls setup() before loading the handler: it starts the local DynamoDB endpoint with a
// sessions table the sample event (events/nightly.json, fired 2026-03-10T03:00:00Z) finds expired
// items in, and points the AWS SDK at it through the standard environment variables.
import { startDynamoDBEndpoint } from './local/dynamodb-endpoint.mjs';

export const SAMPLE_TABLE = 'scheduled-cleanup-sessions';
/** events/nightly.json's time, in epoch seconds. */
export const SAMPLE_CUTOFF = Date.parse('2026-03-10T03:00:00Z') / 1000;

/**
 * Fills the sessions table for the sample event: 40 sessions that expired before it fired, 5 that
 * expire after, and one without an expiry.
 *
 * @param {import('./local/dynamodb-endpoint.mjs').DynamoDBEndpoint} dynamodb
 */
export function putSampleSessions(dynamodb) {
  for (let i = 1; i <= 40; i++) {
    const pk = `session#expired-${String(i).padStart(2, '0')}`;
    dynamodb.putItem(SAMPLE_TABLE, {
      pk: { S: pk },
      userId: { S: `u-${i}` },
      expiresAt: { N: String(SAMPLE_CUTOFF - i * 60) },
    });
  }
  for (let i = 1; i <= 5; i++) {
    const pk = `session#live-${i}`;
    dynamodb.putItem(SAMPLE_TABLE, {
      pk: { S: pk },
      userId: { S: `u-${i}` },
      expiresAt: { N: String(SAMPLE_CUTOFF + i * 3600) },
    });
  }
  dynamodb.putItem(SAMPLE_TABLE, { pk: { S: 'session#remember-me' }, userId: { S: 'u-99' } });
}

/**
 * Starts the local DynamoDB endpoint for `npm start`; Scan pages of 20 items show the paging.
 *
 * @example
 * const { env, close } = await setup();
 */
export async function setup() {
  const dynamodb = await startDynamoDBEndpoint({
    tables: { [SAMPLE_TABLE]: { partitionKey: 'pk' } },
    pageSize: 20,
  });
  putSampleSessions(dynamodb);
  return {
    env: {
      TABLE_NAME: SAMPLE_TABLE,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_REGION: dynamodb.clientConfig.region,
      AWS_ACCESS_KEY_ID: dynamodb.clientConfig.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: dynamodb.clientConfig.credentials.secretAccessKey,
      AWS_MAX_ATTEMPTS: '1',
      // Lambda runs the function on nodejs22.x; the SDK's notice about an older local Node.js is not
      // part of what the example prints.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    close: () => dynamodb.close(),
  };
}

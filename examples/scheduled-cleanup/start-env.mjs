// `npm start` calls setup() before loading the handler: it starts dynalite (a DynamoDB in memory)
// with a sessions table the sample event (events/nightly.json, fired 2026-03-10T03:00:00Z) finds
// expired items in, and points the AWS SDK at it through the standard environment variables.
import { startLocalDynamoDB } from './local/dynalite.mjs';

export const SAMPLE_TABLE = 'scheduled-cleanup-sessions';
/** events/nightly.json's time, in epoch seconds. */
export const SAMPLE_CUTOFF = Date.parse('2026-03-10T03:00:00Z') / 1000;

/**
 * The sessions of the sample event: 40 that expired before it fired, 5 that expire after, and one
 * without an expiry.
 *
 * @returns {Record<string, any>[]}
 */
export function sampleSessions() {
  const sessions = [];
  for (let i = 1; i <= 40; i++) {
    sessions.push({
      pk: { S: `session#expired-${String(i).padStart(2, '0')}` },
      userId: { S: `u-${i}` },
      expiresAt: { N: String(SAMPLE_CUTOFF - i * 60) },
    });
  }
  for (let i = 1; i <= 5; i++) {
    sessions.push({
      pk: { S: `session#live-${i}` },
      userId: { S: `u-${i}` },
      expiresAt: { N: String(SAMPLE_CUTOFF + i * 3600) },
    });
  }
  sessions.push({ pk: { S: 'session#remember-me' }, userId: { S: 'u-99' } });
  return sessions;
}

/**
 * Starts dynalite for `npm start`, with the sessions table holding the sample sessions.
 *
 * @example
 * const { env, close } = await setup();
 */
export async function setup() {
  // The client that fills the table runs in `npm start`'s own process, on the local Node.js: the
  // SDK's notice about an older Node.js is not part of what the example prints.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dynamodb = await startLocalDynamoDB({ tables: { [SAMPLE_TABLE]: { partitionKey: 'pk' } } });
  await dynamodb.putItems(SAMPLE_TABLE, sampleSessions());
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

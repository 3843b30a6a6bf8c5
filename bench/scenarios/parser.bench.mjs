// @lambkit/parser: a 10-record SQS event with JSON bodies through the SQS envelope into a Zod object
// schema, next to Powertools' parser and the floor (JSON.parse of the bodies plus the same Zod
// validation by hand); the built-in schema library choice; import times.
import { parse as ptParse } from '@aws-lambda-powertools/parser';
import { SqsEnvelope as PtSqsEnvelope } from '@aws-lambda-powertools/parser/envelopes/sqs';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parse, SqsEnvelope } from '@lambkit/parser';
import { z } from 'zod';
import { benchRoot, Group, importTimes, report } from '../lib/harness.mjs';

const orderSchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  total: z.number(),
  currency: z.string(),
  items: z.array(z.object({ sku: z.string(), qty: z.number().int(), price: z.number() })),
  createdAt: z.string(),
});

function sqsRecord(i) {
  return {
    messageId: `059f36b4-87a3-44ab-83d2-66197583${String(i).padStart(4, '0')}`,
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body: JSON.stringify({
      orderId: `order-${i}`,
      customerId: `customer-${i % 3}`,
      total: 149.95 + i,
      currency: 'EUR',
      items: [
        { sku: 'A-1', qty: 2, price: 49.99 },
        { sku: 'B-2', qty: 1, price: 49.97 + i },
      ],
      createdAt: '2024-05-01T10:00:00Z',
    }),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1545082649183',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1545082649185',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
    awsRegion: 'us-east-2',
  };
}
const event = { Records: Array.from({ length: 10 }, (_, i) => sqsRecord(i)) };
const ptSchema = JSONStringified(orderSchema);

function byHand() {
  const out = new Array(event.Records.length);
  for (let i = 0; i < event.Records.length; i++)
    out[i] = orderSchema.parse(JSON.parse(event.Records[i].body));
  return out;
}

// Same answer from all three, or the figures mean nothing.
const expected = JSON.stringify(byHand());
if (JSON.stringify(parse(event, SqsEnvelope, orderSchema)) !== expected) throw new Error('lambkit differs');
if (JSON.stringify(ptParse(event, PtSqsEnvelope, ptSchema)) !== expected)
  throw new Error('powertools differs');

report(
  await new Group('parser: 10-record SQS event, JSON bodies, Zod object schema')
    .floor('JSON.parse of 10 bodies + zod parse by hand', byHand)
    .lambkit('parse(event, SqsEnvelope, schema)', () => parse(event, SqsEnvelope, orderSchema))
    .anchor('powertools parse(event, SqsEnvelope, JSONStringified(schema))', () =>
      ptParse(event, PtSqsEnvelope, ptSchema),
    )
    .run(),
);

report(
  importTimes('parser: import in a fresh process', [
    { name: 'empty module', role: 'floor', specifier: `${benchRoot}/fixtures/empty.mjs` },
    { name: '@lambkit/parser (root, with SqsEnvelope)', role: 'lambkit', specifier: '@lambkit/parser' },
    {
      name: '@aws-lambda-powertools/parser/envelopes/sqs',
      role: 'anchor',
      specifier: '@aws-lambda-powertools/parser/envelopes/sqs',
    },
    { name: 'zod (the user schema library)', role: 'other', specifier: 'zod' },
  ]),
);

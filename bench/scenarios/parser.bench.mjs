// @lambkit/parser: a 10-record SQS event with JSON bodies through the SQS envelope into a Zod object
// schema, next to Powertools' parser and the floor (JSON.parse of the ten bodies plus the same Zod
// validation by hand); the built-in schema library choice (Valibot, Zod, Zod Mini); import times.

import { parse as ptParse } from '@aws-lambda-powertools/parser';
import { SqsEnvelope as PtSqsEnvelope } from '@aws-lambda-powertools/parser/envelopes/sqs';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { SqsSchema as PtSqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { parse, SqsEnvelope } from '@lambkit/parser';
import { parser } from '@lambkit/parser/middleware';
import { SqsSchema } from '@lambkit/parser/schemas';
import { createSqsEvent } from '@lambkit/testing';
import { z } from 'zod';
import { bundleImportTimes, EMPTY_PACKAGE, Group, importTimes, report } from '../lib/harness.mjs';

const orderSchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  total: z.number(),
  currency: z.string(),
  items: z.array(z.object({ sku: z.string(), qty: z.number().int(), price: z.number() })),
  createdAt: z.string(),
});
const smallSchema = z.object({ orderId: z.string(), total: z.number() });

const orderBody = (i) =>
  JSON.stringify({
    orderId: `order-${i}`,
    customerId: `customer-${i % 3}`,
    total: 149.95 + i,
    currency: 'EUR',
    items: [
      { sku: 'A-1', qty: 2, price: 49.99 },
      { sku: 'B-2', qty: 1, price: 49.97 + i },
    ],
    createdAt: '2024-05-01T10:00:00Z',
  });
const smallBody = (i) => JSON.stringify({ orderId: `order-${i}`, total: 10 + i });

// What Python's json.dumps writes by default (ensure_ascii): every non-ASCII character as \uXXXX. The
// prototype guard looks at each escape, since an escape may spell "__proto__" or "constructor".
const asciiOnly = (text) =>
  text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const escapedBody = (i) =>
  asciiOnly(
    JSON.stringify({ orderId: `order-${i}`, total: 10 + i, customer: 'Zoë Müller', city: 'Köln 東京' }),
  );

const orderEvent = createSqsEvent({ bodies: Array.from({ length: 10 }, (_, i) => orderBody(i)) });
const smallEvent = createSqsEvent({ bodies: Array.from({ length: 10 }, (_, i) => smallBody(i)) });
const escapedEvent = createSqsEvent({ bodies: Array.from({ length: 10 }, (_, i) => escapedBody(i)) });
const escapedSchema = z.object({
  orderId: z.string(),
  total: z.number(),
  customer: z.string(),
  city: z.string(),
});

/** The floor: what a handler does by hand, JSON.parse of each body and the Zod schema. */
function byHand(event, schema) {
  const out = new Array(event.Records.length);
  for (let i = 0; i < event.Records.length; i++) out[i] = schema.parse(JSON.parse(event.Records[i].body));
  return out;
}

/** The middleware's before hook, run the way middy runs it (request object, context). */
const before = parser({ schema: orderSchema, envelope: SqsEnvelope }).before;
const context = { awsRequestId: 'bench-request' };
function throughMiddleware(event) {
  const request = { event, context, response: undefined, error: undefined, internal: {} };
  before(request);
  return request.event;
}

// The same answer from every task, or the figures mean nothing.
for (const [event, schema] of [
  [orderEvent, orderSchema],
  [smallEvent, smallSchema],
  [escapedEvent, escapedSchema],
]) {
  const expected = JSON.stringify(byHand(event, schema));
  if (JSON.stringify(parse(event, SqsEnvelope, schema)) !== expected) throw new Error('lambkit differs');
  if (JSON.stringify(ptParse(event, PtSqsEnvelope, JSONStringified(schema))) !== expected)
    throw new Error('powertools differs');
}
if (JSON.stringify(throughMiddleware(orderEvent)) !== JSON.stringify(byHand(orderEvent, orderSchema)))
  throw new Error('middleware differs');

const ptOrder = JSONStringified(orderSchema);
report(
  await new Group('parser: 10-record SQS event, 210-character JSON order bodies, Zod object schema')
    .floor('JSON.parse of the 10 bodies + the Zod schema by hand', () => byHand(orderEvent, orderSchema))
    .lambkit('parse(event, SqsEnvelope, schema)', () => parse(orderEvent, SqsEnvelope, orderSchema))
    .lambkit('parser({ schema, envelope: SqsEnvelope }) before hook', () => throughMiddleware(orderEvent))
    .anchor('powertools parse(event, SqsEnvelope, JSONStringified(schema))', () =>
      ptParse(orderEvent, PtSqsEnvelope, ptOrder),
    )
    .run(),
);

const ptSmall = JSONStringified(smallSchema);
const ptEscaped = JSONStringified(escapedSchema);
report(
  await new Group('parser: 10-record SQS event, 35-character JSON bodies, Zod object schema')
    .floor('JSON.parse of the 10 bodies + the Zod schema by hand', () => byHand(smallEvent, smallSchema))
    .lambkit('parse(event, SqsEnvelope, schema)', () => parse(smallEvent, SqsEnvelope, smallSchema))
    .anchor('powertools parse(event, SqsEnvelope, JSONStringified(schema))', () =>
      ptParse(smallEvent, PtSqsEnvelope, ptSmall),
    )
    .run(),
);

report(
  await new Group(
    'parser: 10-record SQS event, JSON bodies with \\u escapes (Python json.dumps), Zod object schema',
  )
    .floor('JSON.parse of the 10 bodies + the Zod schema by hand', () => byHand(escapedEvent, escapedSchema))
    .lambkit('parse(event, SqsEnvelope, schema)', () => parse(escapedEvent, SqsEnvelope, escapedSchema))
    .anchor('powertools parse(event, SqsEnvelope, JSONStringified(schema))', () =>
      ptParse(escapedEvent, PtSqsEnvelope, ptEscaped),
    )
    .run(),
);

// Why the built-in schemas are Valibot: validating a whole event is rarely the hot path (envelopes
// decode without them), but importing them is a cold-start cost every user of /schemas pays.
report(
  await new Group('parser: built-in SqsSchema validating the 10-record event')
    .floor('typeof checks by hand (Records array of objects with string bodies)', () => {
      const records = orderEvent.Records;
      if (!Array.isArray(records)) throw new Error('no');
      for (const record of records) if (typeof record.body !== 'string') throw new Error('no');
      return records;
    })
    .lambkit('lambkit SqsSchema (Valibot) via parse(event, undefined, SqsSchema)', () =>
      parse(orderEvent, undefined, SqsSchema),
    )
    .anchor('powertools SqsSchema (Zod 4).parse(event)', () => PtSqsSchema.parse(orderEvent))
    .run(),
);

const sqsSchemaSource = {
  valibot: `import * as v from 'valibot';
const A = v.object({ stringValue: v.optional(v.string()), binaryValue: v.optional(v.string()), stringListValues: v.optional(v.array(v.string())), binaryListValues: v.optional(v.array(v.string())), dataType: v.string() });
const R = v.object({ messageId: v.string(), receiptHandle: v.string(), body: v.string(), attributes: v.object({ ApproximateReceiveCount: v.string(), ApproximateFirstReceiveTimestamp: v.string(), SenderId: v.string(), SentTimestamp: v.string(), MessageGroupId: v.optional(v.string()) }), messageAttributes: v.record(v.string(), A), md5OfBody: v.string(), eventSource: v.literal('aws:sqs'), eventSourceARN: v.string(), awsRegion: v.string() });
export const S = v.object({ Records: v.array(R) });
globalThis.__ok = v.safeParse(S, { Records: [] }).success;`,
  zod: `import { z } from 'zod';
const A = z.object({ stringValue: z.string().optional(), binaryValue: z.string().optional(), stringListValues: z.array(z.string()).optional(), binaryListValues: z.array(z.string()).optional(), dataType: z.string() });
const R = z.object({ messageId: z.string(), receiptHandle: z.string(), body: z.string(), attributes: z.object({ ApproximateReceiveCount: z.string(), ApproximateFirstReceiveTimestamp: z.string(), SenderId: z.string(), SentTimestamp: z.string(), MessageGroupId: z.string().optional() }), messageAttributes: z.record(z.string(), A), md5OfBody: z.string(), eventSource: z.literal('aws:sqs'), eventSourceARN: z.string(), awsRegion: z.string() });
export const S = z.object({ Records: z.array(R) });
globalThis.__ok = S.safeParse({ Records: [] }).success;`,
  zodMini: `import * as z from 'zod/mini';
const A = z.object({ stringValue: z.optional(z.string()), binaryValue: z.optional(z.string()), stringListValues: z.optional(z.array(z.string())), binaryListValues: z.optional(z.array(z.string())), dataType: z.string() });
const R = z.object({ messageId: z.string(), receiptHandle: z.string(), body: z.string(), attributes: z.object({ ApproximateReceiveCount: z.string(), ApproximateFirstReceiveTimestamp: z.string(), SenderId: z.string(), SentTimestamp: z.string(), MessageGroupId: z.optional(z.string()) }), messageAttributes: z.record(z.string(), A), md5OfBody: z.string(), eventSource: z.literal('aws:sqs'), eventSourceARN: z.string(), awsRegion: z.string() });
export const S = z.object({ Records: z.array(R) });
globalThis.__ok = z.safeParse(S, { Records: [] }).success;`,
};

report(
  await bundleImportTimes('parser: one SQS event schema per library, bundled (esbuild, minified)', [
    { name: 'empty bundle', role: 'floor', source: 'globalThis.__ok = true;' },
    { name: 'Valibot (the built-ins)', role: 'lambkit', source: sqsSchemaSource.valibot },
    { name: 'Zod 4 (Powertools built-ins)', role: 'anchor', source: sqsSchemaSource.zod },
    { name: 'Zod Mini', role: 'other', source: sqsSchemaSource.zodMini },
  ]),
);

report(
  importTimes('parser: import in a fresh process (unbundled, from node_modules)', [
    { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
    {
      name: '@lambkit/parser (parse, SqsEnvelope, every envelope)',
      role: 'lambkit',
      specifier: '@lambkit/parser',
    },
    {
      name: '@lambkit/parser/schemas (every built-in, Valibot)',
      role: 'other',
      specifier: '@lambkit/parser/schemas',
    },
    {
      name: '@aws-lambda-powertools/parser/envelopes/sqs',
      role: 'anchor',
      specifier: '@aws-lambda-powertools/parser/envelopes/sqs',
    },
    {
      name: '@aws-lambda-powertools/parser/schemas (every built-in, Zod)',
      role: 'other',
      specifier: '@aws-lambda-powertools/parser/schemas',
    },
    { name: 'zod (the user schema library)', role: 'other', specifier: 'zod' },
  ]),
);

report(
  await bundleImportTimes('parser: a handler with the SQS envelope and a Zod schema, bundled', [
    {
      name: 'zod schema alone (the user library)',
      role: 'floor',
      source: `import { z } from 'zod';\nglobalThis.__s = z.object({ orderId: z.string() });`,
    },
    {
      name: 'lambkit parse + SqsEnvelope + zod schema',
      role: 'lambkit',
      source: `import { z } from 'zod';\nimport { parse, SqsEnvelope } from '@lambkit/parser';\nglobalThis.__s = (e) => parse(e, SqsEnvelope, z.object({ orderId: z.string() }));`,
    },
    {
      name: 'powertools parse + SqsEnvelope + JSONStringified(zod schema)',
      role: 'anchor',
      source: `import { z } from 'zod';\nimport { parse } from '@aws-lambda-powertools/parser';\nimport { SqsEnvelope } from '@aws-lambda-powertools/parser/envelopes/sqs';\nimport { JSONStringified } from '@aws-lambda-powertools/parser/helpers';\nglobalThis.__s = (e) => parse(e, SqsEnvelope, JSONStringified(z.object({ orderId: z.string() })));`,
    },
  ]),
);

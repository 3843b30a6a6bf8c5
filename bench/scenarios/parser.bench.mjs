// @lambkit/parser: a 10-record SQS event with JSON bodies through the SQS envelope into a Zod object
// schema, next to Powertools' parser and the floor (JSON.parse of the ten bodies plus the same Zod
// validation by hand); the built-in schemas side by side (Zod at Powertools' paths, Valibot under
// /valibot, Powertools' own): parse time, bundle size and import time; import times of the subpaths.

import { parse as ptParse } from '@aws-lambda-powertools/parser';
import { SqsEnvelope as PtSqsEnvelope } from '@aws-lambda-powertools/parser/envelopes/sqs';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { SqsSchema as PtSqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { parse, SqsEnvelope } from '@lambkit/parser';
import { parser } from '@lambkit/parser/middleware';
import { SqsSchema } from '@lambkit/parser/schemas';
import { SqsSchema as ValibotSqsSchema } from '@lambkit/parser/valibot';
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

// The built-ins side by side: the Zod ones (Powertools' paths, what a switcher imports) and the
// Valibot ones (/valibot, for the bundle-size-minded). Validating a whole event is rarely the hot path
// (envelopes decode without them); what the choice costs shows in bundle size and import time below.
report(
  await new Group('parser: built-in SqsSchema validating the 10-record event')
    .floor('typeof checks by hand (Records array of objects with string bodies)', () => {
      const records = orderEvent.Records;
      if (!Array.isArray(records)) throw new Error('no');
      for (const record of records) if (typeof record.body !== 'string') throw new Error('no');
      return records;
    })
    .lambkit('lambkit SqsSchema (Zod, /schemas) via parse(event, undefined, SqsSchema)', () =>
      parse(orderEvent, undefined, SqsSchema),
    )
    .other('lambkit SqsSchema (Valibot, /valibot) via parse(event, undefined, SqsSchema)', () =>
      parse(orderEvent, undefined, ValibotSqsSchema),
    )
    .anchor('powertools SqsSchema (Zod 4).parse(event)', () => PtSqsSchema.parse(orderEvent))
    .run(),
);

// A handler that validates the whole SQS event with a built-in, bundled as users deploy it.
const validateWith = (specifier) =>
  `import { SqsSchema } from '${specifier}';\nglobalThis.__ok = SqsSchema['~standard'].validate({ Records: [] });`;

report(
  await bundleImportTimes('parser: the built-in SqsSchema in a bundled handler (esbuild, minified)', [
    { name: 'empty bundle', role: 'floor', source: 'globalThis.__ok = true;' },
    {
      name: 'lambkit Zod SqsSchema (@lambkit/parser/schemas/sqs)',
      role: 'lambkit',
      source: validateWith('@lambkit/parser/schemas/sqs'),
    },
    {
      name: 'lambkit Zod SqsSchema (@lambkit/parser/schemas, all built-ins)',
      role: 'other',
      source: validateWith('@lambkit/parser/schemas'),
    },
    {
      name: 'lambkit Valibot SqsSchema (@lambkit/parser/valibot)',
      role: 'other',
      source: validateWith('@lambkit/parser/valibot'),
    },
    {
      name: 'powertools SqsSchema (@aws-lambda-powertools/parser/schemas/sqs)',
      role: 'anchor',
      source: validateWith('@aws-lambda-powertools/parser/schemas/sqs'),
    },
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
      name: '@lambkit/parser/schemas/sqs (one Zod built-in)',
      role: 'other',
      specifier: '@lambkit/parser/schemas/sqs',
    },
    {
      name: '@lambkit/parser/schemas (every Zod built-in)',
      role: 'other',
      specifier: '@lambkit/parser/schemas',
    },
    {
      name: '@lambkit/parser/valibot (every Valibot built-in)',
      role: 'other',
      specifier: '@lambkit/parser/valibot',
    },
    {
      name: '@aws-lambda-powertools/parser/schemas/sqs',
      role: 'other',
      specifier: '@aws-lambda-powertools/parser/schemas/sqs',
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
      name: 'lambkit parse + SqsEnvelope, no schema library (the root loads no Zod)',
      role: 'other',
      source: `import { parse, SqsEnvelope } from '@lambkit/parser';\nglobalThis.__s = (e, s) => parse(e, SqsEnvelope, s);`,
    },
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

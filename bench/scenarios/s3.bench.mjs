// @lambkit/s3: decoding S3 object keys, next to a plain decodeURIComponent loop (the floor) and to
// Middy's @middy/event-normalizer (the anchor; Powertools does not decode keys).
import { decodeS3Key, normalizeS3Event, s3KeyDecoder } from '@lambkit/s3';
import eventNormalizer from '@middy/event-normalizer';
import { bundleImportTimes, EMPTY_PACKAGE, Group, importTimes, report } from '../lib/harness.mjs';

// Ten keys as S3 writes them into notifications: four need nothing, three only "+", three escapes.
const KEYS = [
  'uploads/2024/06/IMG_0001.jpg',
  'logs/app/2024-06-01.log.gz',
  'invoices/INV-2024-0042.pdf',
  'data/part-0000.parquet',
  'reports/q1+summary.csv',
  'backup/db+dump+2024-06-01.sql',
  'photos/my+file+copy.jpg',
  'photos/my+file%281%29.jpg',
  '%E5%86%99%E7%9C%9F/%E5%A4%8F+2024.jpg',
  'docs/r%C3%A9sum%C3%A9.pdf',
];

function s3Record(key) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-2',
    eventTime: '2019-09-03T19:37:27.192Z',
    eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
    requestParameters: { sourceIPAddress: '205.255.255.255' },
    responseElements: {
      'x-amz-request-id': 'D82B88E5F771F645',
      'x-amz-id-2': 'vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQ',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: '828aa6fc-f7b5-4305-8584-487c791949c1',
      bucket: {
        name: 'amzn-s3-demo-bucket',
        ownerIdentity: { principalId: 'A3I5XTEXAMAI3E' },
        arn: 'arn:aws:s3:::b',
      },
      object: {
        key,
        size: 1305107,
        eTag: 'b21b84d653bb07b05b1e6b33684dc11b',
        sequencer: '0C0F6F405D6ED209E1',
      },
    },
  };
}

// Every task decodes a fresh event (decoding is in place and marks what it decoded), so each one
// also pays for building it; the "build only" row shows that share.
function s3Event() {
  return { Records: KEYS.map(s3Record) };
}

const SQS_BODIES = KEYS.map((key) => JSON.stringify({ Records: [s3Record(key)] }));

function sqsEvent() {
  return {
    Records: SQS_BODIES.map((body, i) => ({
      messageId: `059f36b4-87a3-44ab-83d2-66197583${i}`,
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183' },
      messageAttributes: {},
      md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
      awsRegion: 'us-east-2',
    })),
  };
}

function decodeWithDecodeURIComponent(event) {
  for (const record of event.Records) {
    const object = record.s3.object;
    object.key = decodeURIComponent(object.key.replaceAll('+', ' '));
  }
  return event;
}

const lambkitBefore = s3KeyDecoder().before;
const middyBefore = eventNormalizer().before;
const context = { awsRequestId: 'bench-request' };

report(
  await new Group('s3: decode the keys of a 10-record S3 notification (fresh event each call)')
    .floor('decodeURIComponent(key.replaceAll("+", " ")) loop', () => decodeWithDecodeURIComponent(s3Event()))
    .anchor('@middy/event-normalizer before', () => middyBefore({ event: s3Event(), context }))
    .lambkit('normalizeS3Event(event)', () => normalizeS3Event(s3Event()))
    .lambkit('s3KeyDecoder() before', () => lambkitBefore({ event: s3Event(), context }))
    .other('build the event only', () => s3Event())
    .run(),
);

// middy awaits every before hook: Middy's returns a promise (it is async), lambkit's returns nothing.
report(
  await new Group('s3: the same 10-record event, before hook awaited as middy does')
    .floor('await decodeURIComponent loop', () => decodeWithDecodeURIComponent(s3Event()), { async: true })
    .anchor('await @middy/event-normalizer before', () => middyBefore({ event: s3Event(), context }), {
      async: true,
    })
    .lambkit('await s3KeyDecoder() before', () => lambkitBefore({ event: s3Event(), context }), {
      async: true,
    })
    .run(),
);

report(
  await new Group('s3: 10 SQS messages each carrying an S3 notification (fresh event each call)')
    .floor('JSON.parse each body + decodeURIComponent loop', () => {
      const event = sqsEvent();
      for (const record of event.Records) record.body = decodeWithDecodeURIComponent(JSON.parse(record.body));
      return event;
    })
    .anchor('@middy/event-normalizer before (bodies become objects)', () =>
      middyBefore({ event: sqsEvent(), context }),
    )
    .lambkit('normalizeS3Event(event) (bodies stay strings)', () => normalizeS3Event(sqsEvent()))
    .run(),
);

for (const [title, key] of [
  ['a key without "%" or "+" (fast path)', 'uploads/2024/06/IMG_0001.jpg'],
  ['a key with "+" only', 'backup/db+dump+2024-06-01.sql'],
  ['a key with UTF-8 escapes', '%E5%86%99%E7%9C%9F/%E5%A4%8F+2024.jpg'],
]) {
  report(
    await new Group(`s3: decode one key, ${title}`)
      .floor('decodeURIComponent(key.replaceAll("+", " "))', () =>
        decodeURIComponent(key.replaceAll('+', ' ')),
      )
      .lambkit('decodeS3Key(key)', () => decodeS3Key(key))
      .run(),
  );
}

report(
  importTimes('s3: import in a fresh process', [
    { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
    { name: '@middy/event-normalizer', role: 'anchor', specifier: '@middy/event-normalizer' },
    { name: '@lambkit/s3', role: 'lambkit', specifier: '@lambkit/s3' },
    { name: '@lambkit/core (imported by @lambkit/s3)', role: 'other', specifier: '@lambkit/core' },
  ]),
);

report(
  await bundleImportTimes('s3: bundled (esbuild, minified), import in a fresh process', [
    { name: 'empty bundle', role: 'floor', source: 'export {};' },
    {
      name: '@middy/event-normalizer',
      role: 'anchor',
      source: "import n from '@middy/event-normalizer'; export const m = n();",
    },
    {
      name: '@lambkit/s3 s3KeyDecoder',
      role: 'lambkit',
      source: "import { s3KeyDecoder } from '@lambkit/s3'; export const m = s3KeyDecoder();",
    },
  ]),
);

import { getInvocationState } from '@lambkit/core';
import { captureOutput, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { s3Notification, snsToSqsBody, sqsEvent } from '../test/test-fixtures.js';
import { normalizeS3Event } from './normalize-s3-event.js';
import { S3KeyDecodeError } from './s3-key-decode-error.js';
import { s3KeyDecoder } from './s3-key-decoder.js';
import type { WarningLogger } from './warning-logger.js';

const ENCODED = 'uploads/my+file%281%29.jpg';
const DECODED = 'uploads/my file(1).jpg';

/** Invokes a middy handler the way Lambda does, with a context that counts down like the real one. */
function invoke(handler: (event: any, context: any) => Promise<unknown>, event: unknown): Promise<any> {
  return handler(event, createContext());
}

function keysOf(event: any): string[] {
  return event.Records.map((record: any) => record.s3.object.key);
}

describe('s3KeyDecoder', () => {
  it('hands the handler an S3 notification with decoded keys', async () => {
    const handler = middy(async (event: any) => keysOf(event)).use(s3KeyDecoder());

    const keys = await invoke(handler, s3Notification(ENCODED, 'b%2Bc.txt'));

    expect(keys).toEqual([DECODED, 'b+c.txt']);
  });

  it('hands the handler SQS bodies with decoded keys inside SNS envelopes', async () => {
    const handler = middy(async (event: any) =>
      event.Records.map(
        (record: any) => JSON.parse(JSON.parse(record.body).Message).Records[0].s3.object.key,
      ),
    ).use(s3KeyDecoder());

    const keys = await invoke(handler, sqsEvent(snsToSqsBody(JSON.stringify(s3Notification(ENCODED)))));

    expect(keys).toEqual([DECODED]);
  });

  it('decodes once when the handler also calls normalizeS3Event', async () => {
    const handler = middy(async (event: any) => keysOf(normalizeS3Event(event))).use(s3KeyDecoder());

    const keys = await invoke(handler, s3Notification('100%2525.csv'));

    expect(keys).toEqual(['100%25.csv']);
  });

  it('decodes once when used twice in the same chain', async () => {
    const handler = middy(async (event: any) => keysOf(event))
      .use(s3KeyDecoder())
      .use(s3KeyDecoder());

    const keys = await invoke(handler, s3Notification('100%2525.csv'));

    expect(keys).toEqual(['100%25.csv']);
  });

  it('fails the invocation with S3KeyDecodeError before the handler runs when a key is malformed', async () => {
    let handlerRan = false;
    const handler = middy(async () => {
      handlerRan = true;
    }).use(s3KeyDecoder());

    const result = invoke(handler, s3Notification('a%ZZ.txt'));

    await expect(result).rejects.toBeInstanceOf(S3KeyDecodeError);
    await expect(result).rejects.toMatchObject({
      key: 'a%ZZ.txt',
      offset: 1,
      field: 'Records[0].s3.object.key',
    });
    expect(handlerRan).toBe(false);
  });

  it("with onInvalid: 'keep' runs the handler with the raw key and warns the given logger", async () => {
    const warnings: unknown[][] = [];
    const logger: WarningLogger = { warn: (...args) => warnings.push(args) };
    const handler = middy(async (event: any) => keysOf(event)).use(
      s3KeyDecoder({ onInvalid: 'keep', logger }),
    );

    const keys = await invoke(handler, s3Notification('a%ZZ.txt', 'b+c.txt'));

    expect({ keys, warnings }).toEqual({
      keys: ['a%ZZ.txt', 'b c.txt'],
      warnings: [
        [
          'S3 object key kept as received: it is not valid URL encoding',
          { key: 'a%ZZ.txt', field: 'Records[0].s3.object.key', offset: 1, reason: 'incomplete-escape' },
        ],
      ],
    });
  });

  it("with onInvalid: 'keep' and no logger writes the warning as one JSON line on stderr", async () => {
    const handler = middy(async (event: any) => keysOf(event)).use(s3KeyDecoder({ onInvalid: 'keep' }));

    const { result, stderr } = await captureOutput(() => invoke(handler, s3Notification('a%ZZ.txt')));

    expect(result).toEqual(['a%ZZ.txt']);
    expect(stderr).toMatchObject([{ level: 'WARN', key: 'a%ZZ.txt', offset: 1 }]);
  });

  it('checks its options when it is created, naming the option', () => {
    expect(() => s3KeyDecoder({ onInvalid: 'ignore' as 'keep' })).toThrow(
      "s3KeyDecoder: option onInvalid must be 'throw' or 'keep'",
    );
  });

  it("begins the invocation in @lambkit/core's store, so other lambkit packages see this request", async () => {
    const handler = middy(async () => getInvocationState().requestId).use(s3KeyDecoder());
    const context = createContext();

    const requestId = await handler(s3Notification('a.txt'), context);

    expect(requestId).toBe(context.awsRequestId);
  });

  it('passes events of other sources to the handler unchanged', async () => {
    const handler = middy(async (event: any) => event).use(s3KeyDecoder());
    const event = { httpMethod: 'GET', path: '/files/a+b', body: null };

    const received = await invoke(handler, event);

    expect(received).toEqual({ httpMethod: 'GET', path: '/files/a+b', body: null });
  });
});

import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeOtlpTraces, type OtlpReceiver, startOtlpReceiver } from '../index.js';

describe('decodeOtlpTraces', () => {
  it('decodes every attribute value type, base64 ids, events and status', () => {
    const [span] = decodeOtlpTraces({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] },
          scopeSpans: [
            {
              scope: { name: 'lib' },
              spans: [
                {
                  traceId: Buffer.from('0123456789abcdef').toString('base64'),
                  spanId: 'ABCDEF0123456789',
                  name: 'charge',
                  kind: 3,
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000500000000',
                  attributes: [
                    { key: 'b', value: { boolValue: true } },
                    { key: 'i', value: { intValue: '42' } },
                    { key: 'd', value: { doubleValue: 1.5 } },
                    { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 1 }] } } },
                    { key: 'empty', value: { arrayValue: {} } },
                    {
                      key: 'kv',
                      value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } },
                    },
                    { key: 'none' },
                    { key: 'unknown', value: {} },
                  ],
                  events: [{ name: 'retry', attributes: [{ key: 'n', value: { intValue: 1 } }] }, {}],
                  status: { code: 2, message: 'declined' },
                },
              ],
            },
          ],
        },
      ],
    });

    expect(span).toMatchObject({
      traceId: Buffer.from('0123456789abcdef').toString('hex'),
      spanId: 'abcdef0123456789',
      parentSpanId: undefined,
      kind: 'CLIENT',
      startTimeMs: 1_700_000_000_000,
      endTimeMs: 1_700_000_000_500,
      attributes: {
        b: true,
        i: 42,
        d: 1.5,
        a: ['x', 1],
        empty: [],
        kv: { k: 'v' },
        none: null,
        unknown: null,
      },
      events: [
        { name: 'retry', attributes: { n: 1 } },
        { name: '', attributes: {} },
      ],
      status: { code: 'ERROR', message: 'declined' },
      resource: { 'service.name': 'orders' },
      scope: 'lib',
    });
  });

  it('fills what a sparse export leaves out', () => {
    expect(decodeOtlpTraces({ resourceSpans: [{ scopeSpans: [{ spans: [{}] }] }, {}] })).toEqual([
      {
        traceId: '',
        spanId: '',
        parentSpanId: undefined,
        name: '',
        kind: 'UNSPECIFIED',
        startTimeMs: 0,
        endTimeMs: 0,
        attributes: {},
        events: [],
        status: { code: 'UNSET' },
        resource: {},
        scope: '',
      },
    ]);
    expect(decodeOtlpTraces({})).toEqual([]);
  });
});

describe('startOtlpReceiver refusals', () => {
  let receiver: OtlpReceiver;
  afterEach(() => receiver.close());

  it('takes a gzipped export and refuses other paths, other content types and bodies that are not OTLP', async () => {
    receiver = await startOtlpReceiver();
    const span = { resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'zipped' }] }] }] };

    const zipped = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(span)),
    });
    const statuses = await Promise.all([
      fetch(`${receiver.url}/v1/metrics`, { method: 'POST' }),
      fetch(receiver.tracesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: 'x',
      }),
      fetch(receiver.tracesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{',
      }),
    ]).then((responses) => responses.map((response) => response.status));

    expect(zipped.status).toBe(200);
    expect(receiver.spans.map((received) => received.name)).toEqual(['zipped']);
    expect(statuses).toEqual([404, 415, 400]);
    expect(receiver.rejected).toHaveLength(3);
  });
});

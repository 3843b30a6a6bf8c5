import { KafkaEnvelope, KafkaRecordsEnvelope, ParseError, parse, safeParse } from '@lambkit/parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from '../__fixtures__/load.js';

const order = z.object({ orderId: z.string() });
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** The MSK sample event with one record per value, all in topic-partition mytopic-0. */
function mskEvent(values: Array<string | null>, partition = 'mytopic-0') {
  const event = loadFixture('kafka-msk');
  const sample = event.records['mytopic-0'][0];
  event.records = { [partition]: values.map((value, offset) => ({ ...sample, offset, value })) };
  return event;
}

function firstRecord(event: any): Record<string, unknown> {
  return Object.values<any[]>(event.records)[0]![0];
}

describe('Kafka tombstones', () => {
  it('gives the schema undefined for a record whose value is null (a tombstone)', () => {
    const event = mskEvent([base64('{"orderId":"o-1"}'), null]);

    expect(parse(event, KafkaEnvelope, order.optional())).toEqual([{ orderId: 'o-1' }, undefined]);
  });

  it('returns a tombstone whole with its value undefined', () => {
    const event = mskEvent([null]);
    delete firstRecord(event).value;

    const [entry] = parse(event, KafkaRecordsEnvelope, z.undefined());

    expect(entry).toMatchObject({ topic: 'mytopic', offset: 0, value: undefined });
  });

  it('names the value of a tombstone the schema refuses', () => {
    const act = () => parse(mskEvent([null]), KafkaEnvelope, order);

    expect(act).toThrow(
      'Invalid input at records["mytopic-0"][0].value: expected object, received undefined (record 0)',
    );
  });
});

describe('Kafka records of several topic-partitions', () => {
  it('names a bad record in the second topic-partition, after a partition of two', () => {
    const event = mskEvent([base64('{"orderId":"o-0"}'), base64('{"orderId":"o-1"}')]);
    event.records['mytopic-1'] = mskEvent([base64('{"orderId":2}')]).records['mytopic-0'];

    const error = catchParseError(() => parse(event, KafkaEnvelope, order));

    expect(error.path).toBe('records["mytopic-1"][0].value.orderId');
    expect(error.recordIndex).toBe(2);
  });

  it('lists the bad records of every topic-partition with safeParse', () => {
    const event = mskEvent([base64('{"orderId":0}'), base64('{"orderId":"o-1"}')]);
    event.records['mytopic-1'] = mskEvent([base64('{"orderId":"o-2"}'), base64('{}')]).records['mytopic-0'];

    const result = safeParse(event, KafkaEnvelope, order);

    expect(result.success).toBe(false);
    expect(!result.success && result.error.issues.map((issue) => issue.path)).toEqual([
      ['records', 'mytopic-0', 0, 'value', 'orderId'],
      ['records', 'mytopic-1', 1, 'value', 'orderId'],
    ]);
  });

  it('names a topic-partition whose records are not a list', () => {
    const event = mskEvent([]);
    event.records['mytopic-0'] = { offset: 1 };

    expect(() => parse(event, KafkaEnvelope, z.unknown())).toThrow(
      'Invalid input at records["mytopic-0"]: expected array, received object',
    );
  });

  it.each([
    ['null', null],
    ['array', []],
    ['undefined', undefined],
  ])('refuses records that are %s instead of an object of topic-partitions', (type, records) => {
    const event = { ...loadFixture('kafka-msk'), records };

    expect(() => parse(event, KafkaEnvelope, z.unknown())).toThrow(
      `Invalid input at records: expected object, received ${type}`,
    );
  });
});

describe('Kafka record keys and fields', () => {
  it('gives an undefined key for a record without one', () => {
    const event = mskEvent([base64('"v"')]);
    firstRecord(event).key = null;

    const [entry] = parse(event, KafkaRecordsEnvelope, z.string());

    expect(entry!.key).toBeUndefined();
    expect(entry!.value).toBe('v');
  });

  it('gives an undefined key for a record that leaves the key out', () => {
    const event = mskEvent([base64('"v"')]);
    delete firstRecord(event).key;

    expect(parse(event, KafkaRecordsEnvelope, z.string())[0]!.key).toBeUndefined();
  });

  it('names the key when it is not base64', () => {
    const event = mskEvent([base64('"v"')]);
    firstRecord(event).key = 'not base64!';

    const error = catchParseError(() => parse(event, KafkaRecordsEnvelope, z.string()));

    expect(error.path).toBe('records["mytopic-0"][0].key');
    expect(error.expected).toBe('base64');
  });

  it('names the value when it is not base64, for the value envelope too', () => {
    const event = mskEvent(['a*b=']);

    expect(() => parse(event, KafkaEnvelope, z.unknown())).toThrow(
      'Invalid input at records["mytopic-0"][0].value: expected base64, received string with characters or padding outside base64 (record 0)',
    );
  });

  it.each([
    ['topic', 7, 'expected string, received number'],
    ['partition', '0', 'expected number, received string'],
    ['offset', '15', 'expected number, received string'],
    ['timestamp', null, 'expected number, received null'],
    ['timestampType', undefined, 'expected string, received undefined'],
  ])('refuses a record whose %s has the wrong type', (field, value, problem) => {
    const event = mskEvent([base64('"v"')]);
    firstRecord(event)[field] = value;

    expect(() => parse(event, KafkaRecordsEnvelope, z.string())).toThrow(
      `Invalid input at records["mytopic-0"][0].${field}: ${problem} (record 0)`,
    );
  });
});

describe('Kafka record headers', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
  ])('gives no headers when they are %s', (_type, headers) => {
    const event = mskEvent([base64('"v"')]);
    firstRecord(event).headers = headers;

    expect(parse(event, KafkaRecordsEnvelope, z.string())[0]!.headers).toEqual([]);
  });

  it('decodes the lowest and highest byte of a header value', () => {
    const event = mskEvent([base64('"v"')]);
    firstRecord(event).headers = [{ low: [0, 65] }, { high: [255] }];

    expect(parse(event, KafkaRecordsEnvelope, z.string())[0]!.headers).toEqual([
      { low: '\u0000A' },
      { high: '\ufffd' },
    ]);
  });

  it('decodes each header into an ordinary property, as JSON.parse would make it', () => {
    const event = mskEvent([base64('"v"')]);

    const [entry] = parse(event, KafkaRecordsEnvelope, z.string());

    expect(Object.getOwnPropertyDescriptor(entry!.headers[0], 'headerKey')).toEqual({
      value: 'headerValue',
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });

  it.each([
    ['a byte below 0', [-1], 'array'],
    ['a byte above 255', [256], 'array'],
    ['a fraction', [1.5], 'array'],
    ['a digit as a string', ['7'], 'array'],
    ['a string', 'value', 'string'],
  ])('refuses a header value holding %s', (_what, bytes, type) => {
    const event = mskEvent([base64('"v"')]);
    firstRecord(event).headers = [{ ok: [65] }, { bad: bytes }];

    expect(() => parse(event, KafkaRecordsEnvelope, z.string())).toThrow(
      `Invalid input at records["mytopic-0"][0].headers[1].bad: expected array of bytes, received ${type}`,
    );
  });

  it('refuses headers that are not a list', () => {
    const event = mskEvent([base64('"v"')]);
    firstRecord(event).headers = { headerKey: [1] };

    expect(() => parse(event, KafkaRecordsEnvelope, z.string())).toThrow(
      'Invalid input at records["mytopic-0"][0].headers: expected array, received object',
    );
  });

  it('refuses a header that is not an object', () => {
    const event = mskEvent([base64('"v"')]);
    firstRecord(event).headers = [{ ok: [65] }, 'headerKey'];

    expect(() => parse(event, KafkaRecordsEnvelope, z.string())).toThrow(
      'Invalid input at records["mytopic-0"][0].headers[1]: expected object, received string',
    );
  });
});

function catchParseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

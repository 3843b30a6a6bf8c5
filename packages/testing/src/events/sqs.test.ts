import { createHash } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createSqsEvent, EventFactoryError } from '../index.js';

const standard = loadFixture<SQSEvent>('sqs-standard.json');
const fifo = loadFixture<SQSEvent>('sqs-fifo.json');

describe('createSqsEvent', () => {
  it('has the keys and value types of the documented standard-queue sample', () => {
    const event = createSqsEvent({ bodies: ['Test message.', 'Test message.'] });

    expect(shapeOf(asJson(event))).toEqual(shapeOf(standard));
  });

  it('reproduces the documented standard-queue sample from its values', () => {
    const records = standard.Records.map(({ md5OfBody: _computed, ...record }) => record);

    const event = createSqsEvent({ records });

    expect(event).toEqual(standard);
  });

  it('has the keys and value types of the documented FIFO sample', () => {
    const event = createSqsEvent({ fifo: true });

    expect(shapeOf(asJson(event))).toEqual(shapeOf(fifo));
  });

  it('reproduces the documented FIFO sample from its values', () => {
    const event = createSqsEvent({ fifo: true, records: fifo.Records });

    expect(event).toEqual(fifo);
  });

  it('gives every record its own message id and receipt handle', () => {
    const event = createSqsEvent({ bodies: ['a', 'b', 'c'] });

    expect(new Set(event.Records.map((r) => r.messageId)).size).toBe(3);
    expect(new Set(event.Records.map((r) => r.receiptHandle)).size).toBe(3);
  });

  it('computes md5OfBody from each body', () => {
    const event = createSqsEvent({ records: ['{"id":1}', { body: 'héllo' }] });

    expect(event.Records.map((r) => r.md5OfBody)).toEqual([
      createHash('md5').update('{"id":1}').digest('hex'),
      createHash('md5').update('héllo').digest('hex'),
    ]);
  });

  it('computes md5OfMessageAttributes the way SQS does', () => {
    // Test vector from an SQS emulator's suite, checked there against the AWS SDK's own verification.
    const event = createSqsEvent({
      records: [
        {
          messageAttributes: {
            ordinal: { dataType: 'Number', stringValue: '1' },
            category: { dataType: 'String', stringValue: 'test' },
          },
        },
      ],
    });

    const [record] = event.Records;
    expect(record.md5OfMessageAttributes).toBe('d21ae90c49061e927f57df5f5d72be1f');
    expect(record.messageAttributes.category).toEqual({
      dataType: 'String',
      stringValue: 'test',
      stringListValues: [],
      binaryListValues: [],
    });
  });

  it('gives FIFO records increasing sequence numbers and a content-based deduplication id', () => {
    const event = createSqsEvent({ fifo: true, bodies: ['a', 'b', 'c'], messageGroupId: 'orders' });

    const sequence = event.Records.map((r) => BigInt(r.attributes.SequenceNumber!));
    expect(sequence[0] < sequence[1] && sequence[1] < sequence[2]).toBe(true);
    expect(event.Records[0].attributes.MessageGroupId).toBe('orders');
    expect(event.Records[0].attributes.MessageDeduplicationId).toBe(
      createHash('sha256').update('a').digest('hex'),
    );
    expect(event.Records[0].eventSourceARN).toBe('arn:aws:sqs:us-east-1:123456789012:my-queue.fifo');
  });

  it('rejects records that are not a list, naming the field and the value', () => {
    expect(() => createSqsEvent({ records: 'x' as never })).toThrow(
      new EventFactoryError('createSqsEvent: records must be an array, got "x"'),
    );
  });

  it('rejects a record field of the wrong type, naming its path', () => {
    expect(() => createSqsEvent({ records: [{ body: { id: 1 } as never }] })).toThrow(
      'createSqsEvent: records[0].body must be a string, got {"id":1}',
    );
    expect(() => createSqsEvent({ bodies: ['ok', 7 as never] })).toThrow(
      'createSqsEvent: bodies[1] must be a string, got 7',
    );
    expect(() => createSqsEvent({ records: [42 as never] })).toThrow('records[0] must be a body string');
  });
});

import type { EventBridgeEvent, S3ObjectCreatedNotificationEvent, ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, DEFAULT_MAP_KEYS, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createEventBridgeEvent, createS3EventBridgeEvent, createScheduledEvent } from '../index.js';

const custom = loadFixture<EventBridgeEvent<string, Record<string, unknown>>>('eventbridge.json');
const scheduled = loadFixture<ScheduledEvent>('scheduled.json');
const s3Created = loadFixture<S3ObjectCreatedNotificationEvent>('s3-eventbridge-object-created.json');

describe('createEventBridgeEvent', () => {
  it('has the keys and value types of the documented sample', () => {
    const event = createEventBridgeEvent({ resources: ['arn:aws:rds:us-east-2:123456789012:db:example'] });

    // The detail is the sender's own document, so only the envelope is compared.
    expect(shapeOf(asJson(event), [...DEFAULT_MAP_KEYS, 'detail'])).toEqual(
      shapeOf({ ...custom, detail: {} }, [...DEFAULT_MAP_KEYS, 'detail']),
    );
  });

  it('reproduces the documented sample from its values', () => {
    expect(createEventBridgeEvent(custom)).toEqual(custom);
  });

  it('gives each event its own id and the time to the second', () => {
    const [a, b] = [createEventBridgeEvent(), createEventBridgeEvent()];

    expect(a.id).not.toBe(b.id);
    expect(a.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('carries the detail it is given as is', () => {
    const event = createEventBridgeEvent({
      source: 'com.example.orders',
      'detail-type': 'Order Placed',
      detail: { orderId: '1', lines: [{ sku: 'A', qty: 2 }] },
    });

    expect(event.detail).toEqual({ orderId: '1', lines: [{ sku: 'A', qty: 2 }] });
    expect(event['detail-type']).toBe('Order Placed');
  });

  it('rejects envelope fields of the wrong type, naming the field and the value', () => {
    expect(() => createEventBridgeEvent({ resources: 'arn:x' as never })).toThrow(
      'createEventBridgeEvent: resources must be an array, got "arn:x"',
    );
    expect(() => createEventBridgeEvent({ detail: 'text' as never })).toThrow(
      'createEventBridgeEvent: detail must be an object, got "text"',
    );
  });
});

describe('createScheduledEvent', () => {
  it('has the keys and value types of the documented sample', () => {
    expect(shapeOf(asJson(createScheduledEvent()))).toEqual(shapeOf(scheduled));
  });

  it('reproduces the documented sample from its values', () => {
    expect(createScheduledEvent({ ...scheduled, ruleName: 'my-schedule' })).toEqual(scheduled);
  });

  it('names the rule that fired as the resource', () => {
    const event = createScheduledEvent({ ruleName: 'nightly', region: 'eu-west-1' });

    expect(event.resources).toEqual(['arn:aws:events:eu-west-1:123456789012:rule/nightly']);
    expect(event.source).toBe('aws.events');
  });

  it('rejects a rule name of the wrong type', () => {
    expect(() => createScheduledEvent({ ruleName: 3 as never })).toThrow(
      'createScheduledEvent: ruleName must be a string, got 3',
    );
  });
});

describe('createS3EventBridgeEvent', () => {
  it('has the keys and value types of the documented Object Created sample', () => {
    expect(shapeOf(asJson(createS3EventBridgeEvent()))).toEqual(shapeOf(s3Created));
  });

  it('reproduces the documented sample from its values', () => {
    expect(createS3EventBridgeEvent(s3Created)).toEqual(s3Created);
  });

  it('merges detail overrides into the generated detail', () => {
    const event = createS3EventBridgeEvent({
      bucket: 'uploads',
      key: 'photos/my cat.jpg',
      detail: { reason: 'CompleteMultipartUpload' },
    });

    expect(event.detail.object.key).toBe('photos/my cat.jpg');
    expect(event.detail.reason).toBe('CompleteMultipartUpload');
    expect(event.detail.object.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(event.resources).toEqual(['arn:aws:s3:::uploads']);
  });

  it('rejects fields of the wrong type, naming the field and the value', () => {
    expect(() => createS3EventBridgeEvent({ size: 1.5 })).toThrow(
      'createS3EventBridgeEvent: size must be a whole number of bytes, got 1.5',
    );
    expect(() => createS3EventBridgeEvent({ detail: { object: { size: '5' as never } } })).toThrow(
      'createS3EventBridgeEvent: detail.object.size must be a number, got "5"',
    );
  });
});

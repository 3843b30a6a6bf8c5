import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createSnsEvent } from '../index.js';

const sample = loadFixture<SNSEvent>('sns.json');

describe('createSnsEvent', () => {
  it('has the keys and value types of the documented sample', () => {
    const event = createSnsEvent({
      subject: 'TestInvoke',
      messageAttributes: { Test: { Type: 'String', Value: 'TestString' } },
    });

    expect(shapeOf(asJson(event))).toEqual(shapeOf(sample));
  });

  it('reproduces the documented sample from its values', () => {
    const event = createSnsEvent({ records: sample.Records });

    expect(event).toEqual(sample);
  });

  it('gives every notification its own message id and subscription arn under the topic', () => {
    const event = createSnsEvent({ messages: ['a', 'b'], topicName: 'orders', region: 'eu-west-1' });

    const [first, second] = event.Records;
    expect(first.Sns.MessageId).not.toBe(second.Sns.MessageId);
    expect(first.Sns.TopicArn).toBe('arn:aws:sns:eu-west-1:123456789012:orders');
    expect(first.EventSubscriptionArn).toMatch(/^arn:aws:sns:eu-west-1:123456789012:orders:[0-9a-f-]{36}$/);
    expect(first.Sns.UnsubscribeUrl).toContain(`SubscriptionArn=${first.EventSubscriptionArn}`);
    expect(second.Sns.Message).toBe('b');
  });

  it('leaves Subject out when the publisher set none', () => {
    const event = createSnsEvent();

    expect('Subject' in event.Records[0].Sns).toBe(false);
  });

  it('rejects options of the wrong type, naming the field and the value', () => {
    expect(() => createSnsEvent({ messages: 'hello' as never })).toThrow(
      'createSnsEvent: messages must be an array, got "hello"',
    );
    expect(() => createSnsEvent({ records: [{ Sns: { Message: 5 as never } }] })).toThrow(
      'createSnsEvent: records[0].Sns.Message must be a string, got 5',
    );
    expect(() => createSnsEvent({ subject: null as never })).toThrow('subject must be a string, got null');
  });
});

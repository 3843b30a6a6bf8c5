import type { ALBEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createAlbEvent } from '../index.js';

const sample = loadFixture<ALBEvent>('alb.json');

describe('createAlbEvent', () => {
  it('has the keys and value types of the documented sample', () => {
    const event = createAlbEvent({ queryStringParameters: { query: '1234ABCD' } });

    expect(shapeOf(asJson(event))).toEqual(shapeOf(sample));
  });

  it('reproduces the documented sample from its values', () => {
    expect(createAlbEvent({ ...sample, region: 'us-east-2' })).toEqual(sample);
  });

  it('sends the multi-value forms instead when the target group enables them', () => {
    const event = createAlbEvent({
      multiValue: true,
      headers: { accept: '*/*' },
      queryStringParameters: { q: 'a' },
    });

    expect(event.multiValueHeaders).toEqual({ accept: ['*/*'] });
    expect(event.multiValueQueryStringParameters).toEqual({ q: ['a'] });
    expect(Object.keys(event)).not.toContain('headers');
    expect(Object.keys(event)).not.toContain('queryStringParameters');
  });

  it('rejects fields of the wrong type, naming the field and the value', () => {
    expect(() => createAlbEvent({ isBase64Encoded: 'no' as never })).toThrow(
      'createAlbEvent: isBase64Encoded must be a boolean, got "no"',
    );
    expect(() => createAlbEvent({ multiValueHeaders: { accept: '*/*' as never } })).toThrow(
      'createAlbEvent: multiValueHeaders.accept must be an array of strings, got "*/*"',
    );
  });
});

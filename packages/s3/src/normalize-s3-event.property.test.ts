import { encodeS3EventKey as encodeAsS3Does } from '@lambkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchEvent,
  eventBridgeEvent,
  s3Notification,
  snsEvent,
  snsToSqsBody,
  sqsEvent,
} from '../test/test-fixtures.js';
import { normalizeS3Event } from './normalize-s3-event.js';

const anyKey = fc.string({ unit: 'binary', maxLength: 120 });

// Each shape: build an event around an encoded key, and read the key back out of it.
const shapes = [
  { make: (key: string) => s3Notification(key), read: (e: any) => e.Records[0].s3.object.key },
  { make: (key: string) => batchEvent('v1', key), read: (e: any) => e.tasks[0].s3Key },
  { make: (key: string) => eventBridgeEvent(key), read: (e: any) => e.detail.object.key },
  {
    make: (key: string) => sqsEvent(JSON.stringify(s3Notification(key))),
    read: (e: any) => JSON.parse(e.Records[0].body).Records[0].s3.object.key,
  },
  {
    make: (key: string) => snsEvent(JSON.stringify(s3Notification(key))),
    read: (e: any) => JSON.parse(e.Records[0].Sns.Message).Records[0].s3.object.key,
  },
  {
    make: (key: string) => sqsEvent(snsToSqsBody(JSON.stringify(s3Notification(key)))),
    read: (e: any) => JSON.parse(JSON.parse(e.Records[0].body).Message).Records[0].s3.object.key,
  },
];

describe('normalizeS3Event properties', () => {
  it('yields the stored key in every shape, however many times it runs', () => {
    fc.assert(
      fc.property(anyKey, fc.constantFrom(...shapes), fc.integer({ min: 1, max: 3 }), (key, shape, runs) => {
        const event = shape.make(encodeAsS3Does(key));

        for (let i = 0; i < runs; i++) normalizeS3Event(event);

        expect(shape.read(event)).toBe(key);
      }),
      { numRuns: 300 },
    );
  });
});

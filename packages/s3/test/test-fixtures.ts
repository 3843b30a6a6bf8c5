// Test helpers: fresh copies of the AWS sample events in __fixtures__, composed into the nested shapes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('../src/__fixtures__/', import.meta.url));

/** A fresh, mutable copy of a sample event. */
export function loadFixture(name: string): any {
  return JSON.parse(readFileSync(`${fixtures}${name}.json`, 'utf8'));
}

/** The Lambda Developer Guide's S3 notification, one record per key. */
export function s3Notification(...keys: string[]): any {
  const event = loadFixture('s3-notification');
  const [template] = event.Records;
  event.Records = keys.map((key) => {
    const record = structuredClone(template);
    record.s3.object.key = key;
    return record;
  });
  return event;
}

/** The Lambda Developer Guide's SQS event, one record per body. */
export function sqsEvent(...bodies: string[]): any {
  const event = loadFixture('sqs-message');
  const [template] = event.Records;
  event.Records = bodies.map((body) => ({ ...structuredClone(template), body }));
  return event;
}

/** The Lambda Developer Guide's SNS event carrying `message`. */
export function snsEvent(message: string): any {
  const event = loadFixture('sns-message');
  event.Records[0].Sns.Message = message;
  return event;
}

/** The SQS body SNS writes for a subscribed queue, carrying `message`. */
export function snsToSqsBody(message: string): string {
  const body = loadFixture('sns-to-sqs-body');
  body.Message = message;
  return JSON.stringify(body);
}

/** The S3 User Guide's EventBridge "Object Created" event for `key`. */
export function eventBridgeEvent(key: string): any {
  const event = loadFixture('eventbridge-object-created');
  event.detail.object.key = key;
  return event;
}

/** An S3 Batch Operations request (schema 1.0 or 2.0), one task per key. */
export function batchEvent(version: 'v1' | 'v2', ...keys: string[]): any {
  const event = loadFixture(`s3-batch-${version}`);
  const [template] = event.tasks;
  event.tasks = keys.map((s3Key) => ({ ...template, s3Key }));
  return event;
}

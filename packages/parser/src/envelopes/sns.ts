import { decodeJson } from '../decode/json.js';
import { decodeTextAt, expectObject, recordsOf, stringField } from './fields.js';

const MESSAGE = ['Message'];

import { relocate } from './envelope.js';
import { defineRecordsEnvelope } from './records.js';

/**
 * Unwraps an SNS event: each record's `Sns.Message`, parsed as JSON (or text with `payload: 'text'`),
 * goes to your schema.
 *
 * @example
 * const alerts = parse(event, SnsEnvelope, alertSchema);
 */
export const SnsEnvelope = /* @__PURE__ */ defineRecordsEnvelope('SnsEnvelope', 'array', {
  records: (event) => recordsOf(event, 'Records'),
  recordPath: (_event, index) => ['Records', index],
  decode(record, options) {
    const sns = expectObject(expectObject(record).Sns, ['Sns']);
    try {
      return decodeTextAt(stringField(sns, 'Message'), options, MESSAGE);
    } catch (error) {
      throw relocate(error, ['Sns']);
    }
  },
  payloadPath: ['Sns', 'Message'],
});

/**
 * Unwraps SNS notifications delivered to an SQS queue: each record's `body` is the SNS notification
 * (JSON), whose `Message` goes to your schema, parsed as JSON (or text with `payload: 'text'`).
 *
 * @example
 * const alerts = parse(event, SnsSqsEnvelope, alertSchema);
 */
export const SnsSqsEnvelope = /* @__PURE__ */ defineRecordsEnvelope('SnsSqsEnvelope', 'array', {
  records: (event) => recordsOf(event, 'Records'),
  recordPath: (_event, index) => ['Records', index],
  decode(record, options) {
    const body = stringField(expectObject(record), 'body');
    try {
      // The notification is always JSON (decodeJson ignores the payload option); its Message follows it.
      const notification = expectObject(decodeJson(body, [], undefined, options));
      return decodeTextAt(stringField(notification, 'Message'), options, MESSAGE);
    } catch (error) {
      throw relocate(error, ['body']);
    }
  },
  payloadPath: ['body', 'Message'],
});

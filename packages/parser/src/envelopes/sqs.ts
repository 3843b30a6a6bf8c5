import { decodeTextAt, expectObject, recordsOf, stringField } from './fields.js';
import { defineRecordsEnvelope } from './records.js';

const BODY = ['body'];

/**
 * Unwraps an SQS event: each record's `body`, parsed as JSON (or passed as text with
 * `payload: 'text'`), goes to your schema. Returns one result per record, in order.
 *
 * @example
 * const orders = parse(event, SqsEnvelope, z.object({ orderId: z.string(), total: z.number() }));
 */
export const SqsEnvelope = /* @__PURE__ */ defineRecordsEnvelope('SqsEnvelope', 'array', {
  records: (event) => recordsOf(event, 'Records'),
  recordPath: (_event, index) => ['Records', index],
  decode: (record, options) => decodeTextAt(stringField(expectObject(record), 'body'), options, BODY),
  payloadPath: BODY,
});

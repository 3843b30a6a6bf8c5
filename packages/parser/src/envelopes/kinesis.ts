import { relocate } from './envelope.js';
import { decodeBase64Text, expectObject, recordsOf } from './fields.js';
import { defineRecordsEnvelope } from './records.js';

/**
 * Unwraps a Kinesis Data Streams event: each record's `kinesis.data` is base64-decoded and parsed as
 * JSON (or given as text or bytes with `payload: 'text'` / `'bytes'`) for your schema.
 *
 * @example
 * const readings = parse(event, KinesisEnvelope, readingSchema);
 */
export const KinesisEnvelope = /* @__PURE__ */ defineRecordsEnvelope('KinesisEnvelope', 'array', {
  records: (event) => recordsOf(event, 'Records'),
  recordPath: (_event, index) => ['Records', index],
  decode(record, options) {
    const kinesis = expectObject(expectObject(record).kinesis, ['kinesis']);
    try {
      return decodeBase64Text(kinesis.data, options);
    } catch (error) {
      throw relocate(error, ['kinesis', 'data']);
    }
  },
  payloadPath: ['kinesis', 'data'],
});

/**
 * Unwraps an Amazon Data Firehose transformation event: each record's `data` is base64-decoded and
 * parsed as JSON (or text / bytes) for your schema.
 *
 * @example
 * const rows = parse(event, KinesisFirehoseEnvelope, rowSchema);
 */
export const KinesisFirehoseEnvelope = /* @__PURE__ */ defineRecordsEnvelope(
  'KinesisFirehoseEnvelope',
  'array',
  {
    records: (event) => recordsOf(event, 'records'),
    recordPath: (_event, index) => ['records', index],
    decode(record, options) {
      try {
        return decodeBase64Text(expectObject(record).data, options);
      } catch (error) {
        throw relocate(error, ['data']);
      }
    },
    payloadPath: ['data'],
  },
);

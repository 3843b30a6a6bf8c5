import { gunzip } from '../decode/gzip.js';
import { decodeJson } from '../decode/json.js';
import { describeType, ParseError } from '../errors.js';
import { decodeBase64Limited, decodeTextAt, expectObject, stringField } from './fields.js';
import { defineRecordsEnvelope } from './records.js';

const DATA_PATH = ['awslogs', 'data'] as const;
const MESSAGE = ['message'];

/**
 * Unwraps a CloudWatch Logs subscription event: `awslogs.data` is base64-decoded, gunzipped (refusing
 * output beyond `maxLength`) and parsed; each log event's `message` then goes to your schema, parsed as
 * JSON (or as text with `payload: 'text'`, for plain log lines). A CONTROL_MESSAGE (CloudWatch Logs
 * checking that the destination is reachable) yields no records.
 *
 * @example
 * const entries = parse(event, CloudWatchEnvelope, z.object({ level: z.string(), msg: z.string() }));
 */
export const CloudWatchEnvelope = /* @__PURE__ */ defineRecordsEnvelope('CloudWatchEnvelope', 'array', {
  records(event, options) {
    const awslogs = expectObject(expectObject(event).awslogs, ['awslogs']);
    let data: Record<string, unknown>;
    try {
      const text = gunzip(decodeBase64Limited(awslogs.data, options), [], options.maxLength).toString('utf8');
      data = expectObject(decodeJson(text, [], undefined, options));
    } catch (error) {
      throw error instanceof ParseError ? error.withPrefix(DATA_PATH) : error;
    }
    if (data.messageType === 'CONTROL_MESSAGE') return [];
    const logEvents = data.logEvents;
    if (!Array.isArray(logEvents)) {
      throw new ParseError({
        path: [...DATA_PATH, 'logEvents'],
        expected: 'array',
        received: describeType(logEvents),
      });
    }
    return logEvents;
  },
  recordPath: (_event, index) => [...DATA_PATH, 'logEvents', index],
  decode: (logEvent, options) =>
    decodeTextAt(stringField(expectObject(logEvent), 'message'), options, MESSAGE),
  payloadPath: MESSAGE,
});

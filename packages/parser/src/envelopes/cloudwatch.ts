import { gunzip } from '../decode/gzip.js';
import { decodeJson } from '../decode/json.js';
import { describeType, ParseError, type PathSegment } from '../errors.js';
import type { ResolvedParseOptions } from '../options.js';
import { validate } from '../validate.js';
import { type CloudWatchLogEventRecord, relocate } from './envelope.js';
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
  records: (event, options) => decodeLogData(event, options).logEvents,
  recordPath: logEventPath,
  decode: (logEvent, options) =>
    decodeTextAt(stringField(expectObject(logEvent), 'message'), options, MESSAGE),
  payloadPath: MESSAGE,
});

/**
 * Like {@link CloudWatchEnvelope}, but returns each log event whole, with the subscription's
 * metadata: `{ id, timestamp, message, logGroup, logStream, owner }`, `message` parsed by your schema.
 *
 * @example
 * const entries = parse(event, CloudWatchLogEventsEnvelope, z.object({ level: z.string() }));
 * entries[0].logGroup; // '/aws/lambda/orders'
 */
export const CloudWatchLogEventsEnvelope = /* @__PURE__ */ defineRecordsEnvelope(
  'CloudWatchLogEventsEnvelope',
  'logEvents',
  {
    records(event, options) {
      const { data, logEvents } = decodeLogData(event, options);
      const logGroup = metadataField(data, 'logGroup');
      const logStream = metadataField(data, 'logStream');
      const owner = metadataField(data, 'owner');
      return logEvents.map((logEvent) => ({ logEvent, logGroup, logStream, owner }));
    },
    recordPath: logEventPath,
    decode(entry, options) {
      const { logEvent, logGroup, logStream, owner } = entry as LogEventEntry;
      const fields = expectObject(logEvent);
      const message = decodeTextAt(stringField(fields, 'message'), options, MESSAGE);
      const id = stringField(fields, 'id');
      const timestamp = fields.timestamp;
      if (typeof timestamp !== 'number') {
        throw new ParseError({ path: ['timestamp'], expected: 'number', received: describeType(timestamp) });
      }
      return { id, timestamp, message, logGroup, logStream, owner };
    },
    payloadPath: MESSAGE,
    check(schema, payload) {
      const record = payload as CloudWatchLogEventRecord<unknown>;
      record.message = validate(schema, record.message);
      return record;
    },
  },
);

interface LogEventEntry {
  logEvent: unknown;
  logGroup: string;
  logStream: string;
  owner: string;
}

interface LogData {
  data: Record<string, unknown>;
  logEvents: readonly unknown[];
}

function logEventPath(_event: unknown, index: number): PathSegment[] {
  return [...DATA_PATH, 'logEvents', index];
}

/** base64, gunzip (refusing output beyond maxLength), JSON; a CONTROL_MESSAGE has no log events. */
function decodeLogData(event: unknown, options: ResolvedParseOptions): LogData {
  const awslogs = expectObject(expectObject(event).awslogs, ['awslogs']);
  let data: Record<string, unknown>;
  try {
    const text = gunzip(decodeBase64Limited(awslogs.data, options), [], options.maxLength).toString('utf8');
    data = expectObject(decodeJson(text, [], undefined, options));
  } catch (error) {
    throw relocate(error, DATA_PATH);
  }
  if (data.messageType === 'CONTROL_MESSAGE') return { data, logEvents: [] };
  const logEvents = data.logEvents;
  if (!Array.isArray(logEvents)) {
    throw new ParseError({
      path: [...DATA_PATH, 'logEvents'],
      expected: 'array',
      received: describeType(logEvents),
    });
  }
  return { data, logEvents };
}

function metadataField(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (typeof value !== 'string') {
    throw new ParseError({ path: [...DATA_PATH, key], expected: 'string', received: describeType(value) });
  }
  return value;
}

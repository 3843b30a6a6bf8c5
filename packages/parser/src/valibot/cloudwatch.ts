import * as v from 'valibot';

/**
 * One log event of a decoded CloudWatch Logs payload (`CloudWatchLogsLogEvent`).
 *
 * @example
 * v.parse(CloudWatchLogEventSchema, decoded.logEvents[0]);
 */
export const CloudWatchLogEventSchema = v.object({
  id: v.string(),
  timestamp: v.number(),
  message: v.string(),
  extractedFields: v.optional(v.record(v.string(), v.optional(v.string()))),
});

/**
 * The decoded (gunzipped) CloudWatch Logs subscription payload (`CloudWatchLogsDecodedData`).
 *
 * @example
 * v.parse(CloudWatchLogsDecodeSchema, JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString()));
 */
export const CloudWatchLogsDecodeSchema = v.object({
  messageType: v.string(),
  owner: v.string(),
  logGroup: v.string(),
  logStream: v.string(),
  subscriptionFilters: v.array(v.string()),
  logEvents: v.array(CloudWatchLogEventSchema),
  policyLevel: v.optional(v.string()),
});

/**
 * A CloudWatch Logs subscription event (`CloudWatchLogsEvent`); `awslogs.data` is base64 gzip. The
 * CloudWatchEnvelope decodes it and hands you each message.
 *
 * @example
 * const event = parse(input, undefined, CloudWatchLogsSchema);
 */
export const CloudWatchLogsSchema = v.object({ awslogs: v.object({ data: v.string() }) });

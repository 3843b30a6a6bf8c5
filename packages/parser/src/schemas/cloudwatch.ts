import { z } from 'zod';
import { DEFAULT_MAX_LENGTH, decodeBase64, gunzip, parseJson } from '../internal.js';
/**
 * Zod schema for one log event of a decoded CloudWatch Logs payload.
 *
 * @example
 * CloudWatchLogEventSchema.parse(event);
 */
export const CloudWatchLogEventSchema = z.object({
  id: z.string(),
  timestamp: z.number(),
  message: z.string(),
});
/**
 * Zod schema for the decoded (gunzipped) CloudWatch Logs subscription payload.
 *
 * @example
 * CloudWatchLogsDecodeSchema.parse(event);
 */
export const CloudWatchLogsDecodeSchema = z.object({
  messageType: z.string(),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(CloudWatchLogEventSchema).nonempty(),
});
/**
 * Zod schema for CloudWatch Logs.
 *
 * @example
 * CloudWatchLogsSchema.parse(event);
 */
export const CloudWatchLogsSchema = z.object({
  awslogs: z.object({
    data: z.base64().transform(decodeLogData),
  }),
});

/** base64, gunzip (at most 6 MiB inflated), then JSON with the envelopes' limits and prototype guard. */
function decodeLogData(data: string, ctx: z.RefinementCtx<string>) {
  try {
    const text = gunzip(decodeBase64(data, []), [], DEFAULT_MAX_LENGTH).toString('utf8');
    return CloudWatchLogsDecodeSchema.parse(parseJson(text));
  } catch {
    ctx.issues.push({
      code: 'custom',
      message: 'Failed to decompress CloudWatch log data',
      input: data,
      fatal: true,
    } as never);
    return z.NEVER;
  }
}

import * as v from 'valibot';
import { OptionalStringMapSchema, StringListMapSchema } from './shared.js';

/**
 * An Application Load Balancer event (`ALBEvent`), with single-value headers. The AlbEnvelope parses
 * its body.
 *
 * @example
 * const event = parse(input, undefined, AlbSchema);
 */
export const AlbSchema = v.object({
  requestContext: v.object({ elb: v.object({ targetGroupArn: v.string() }) }),
  httpMethod: v.string(),
  path: v.string(),
  queryStringParameters: v.optional(OptionalStringMapSchema),
  headers: v.optional(OptionalStringMapSchema),
  multiValueQueryStringParameters: v.optional(StringListMapSchema),
  multiValueHeaders: v.optional(StringListMapSchema),
  body: v.nullable(v.string()),
  isBase64Encoded: v.boolean(),
});

/**
 * An ALB event from a target group with multi-value headers turned on.
 *
 * @example
 * const event = parse(input, undefined, AlbMultiValueHeadersSchema);
 */
export const AlbMultiValueHeadersSchema = v.object({
  ...AlbSchema.entries,
  multiValueQueryStringParameters: StringListMapSchema,
  multiValueHeaders: StringListMapSchema,
});

import { z } from 'zod';
/**
 * Zod schema for Application Load Balancer events.
 *
 * @example
 * AlbSchema.parse(event);
 */
export const AlbSchema = z.object({
  httpMethod: z.string(),
  path: z.string(),
  body: z.string(),
  isBase64Encoded: z.boolean(),
  headers: z.record(z.string(), z.string()).optional(),
  multiValueHeaders: z.record(z.string(), z.array(z.string())).optional(),
  queryStringParameters: z.record(z.string(), z.string()).optional(),
  multiValueQueryStringParameters: z.record(z.string(), z.array(z.string())).optional(),
  requestContext: z.object({
    elb: z.object({
      targetGroupArn: z.string(),
    }),
  }),
});
/**
 * This schema will be removed in a future major release.
 *
 * @example
 * AlbMultiValueHeadersSchema.parse(event);
 */
export const AlbMultiValueHeadersSchema = AlbSchema.extend({
  multiValueHeaders: z.record(z.string(), z.array(z.string())),
  multiValueQueryStringParameters: z.record(z.string(), z.array(z.string())),
});

import { z } from 'zod';

/**
 * Zod schema for one Amazon MQ for ActiveMQ message; `data` stays base64 (the ActiveMqEnvelope decodes it).
 * AWS's documentation spells the destination's key `physicalname`, events carry `physicalName`: both are accepted.
 *
 * @example
 * ActiveMqMessageSchema.parse(event.messages[0]);
 */
export const ActiveMqMessageSchema = z.object({
  messageID: z.string(),
  messageType: z.string(),
  data: z.string(),
  connectionId: z.string().optional(),
  redelivered: z.boolean().optional(),
  persistent: z.boolean().optional(),
  destination: z.object({ physicalName: z.string().optional(), physicalname: z.string().optional() }),
  timestamp: z.number(),
  brokerInTime: z.number(),
  brokerOutTime: z.number(),
  deliveryMode: z.number().optional(),
  correlationID: z.string().optional(),
  replyTo: z.string().nullish(),
  type: z.string().nullish(),
  expiration: z.union([z.number(), z.string()]).optional(),
  priority: z.number().optional(),
  properties: z.record(z.string(), z.string()).nullish(),
});

/**
 * Zod schema for an Amazon MQ for ActiveMQ event (`eventSource: 'aws:amq'`).
 *
 * @example
 * ActiveMqEventSchema.parse(event);
 */
export const ActiveMqEventSchema = z.object({
  eventSource: z.literal('aws:amq'),
  eventSourceArn: z.string(),
  messages: z.array(ActiveMqMessageSchema),
});

/**
 * Zod schema for one Amazon MQ for RabbitMQ message; `data` stays base64 (the RabbitMqEnvelope decodes it).
 *
 * @example
 * RabbitMqMessageSchema.parse(event.rmqMessagesByQueue['test::/'][0]);
 */
export const RabbitMqMessageSchema = z.object({
  basicProperties: z.object({
    contentType: z.string().nullish(),
    contentEncoding: z.string().nullish(),
    headers: z.record(z.string(), z.unknown()).nullish(),
    deliveryMode: z.number().nullish(),
    priority: z.number().nullish(),
    correlationId: z.string().nullish(),
    replyTo: z.string().nullish(),
    expiration: z.string().nullish(),
    messageId: z.string().nullish(),
    timestamp: z.string().nullish(),
    type: z.string().nullish(),
    userId: z.string().nullish(),
    appId: z.string().nullish(),
    clusterId: z.string().nullish(),
    bodySize: z.number(),
  }),
  redelivered: z.boolean(),
  data: z.string(),
});

/**
 * Zod schema for an Amazon MQ for RabbitMQ event (`eventSource: 'aws:rmq'`); messages are grouped by
 * `queue::virtual-host`.
 *
 * @example
 * RabbitMqEventSchema.parse(event);
 */
export const RabbitMqEventSchema = z.object({
  eventSource: z.literal('aws:rmq'),
  eventSourceArn: z.string(),
  rmqMessagesByQueue: z.record(z.string(), z.array(RabbitMqMessageSchema)),
});

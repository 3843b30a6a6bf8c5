import * as v from 'valibot';

/**
 * One Kafka record (`MSKRecord`, `SelfManagedKafkaRecord`): `key` and `value` are base64.
 *
 * @example
 * v.parse(KafkaRecordSchema, event.records['mytopic-0'][0]);
 */
export const KafkaRecordSchema = v.object({
  topic: v.string(),
  partition: v.number(),
  offset: v.number(),
  timestamp: v.number(),
  timestampType: v.picklist(['CREATE_TIME', 'LOG_APPEND_TIME']),
  key: v.optional(v.string()),
  value: v.string(),
  headers: v.array(v.record(v.string(), v.array(v.number()))),
  keySchemaMetadata: v.optional(v.object({ dataFormat: v.string(), schemaId: v.optional(v.string()) })),
  valueSchemaMetadata: v.optional(v.object({ dataFormat: v.string(), schemaId: v.optional(v.string()) })),
});

const KafkaRecordsSchema = v.record(v.string(), v.array(KafkaRecordSchema));

/**
 * An Amazon MSK event (`MSKEvent`).
 *
 * @example
 * const event = parse(input, undefined, KafkaMskEventSchema);
 */
export const KafkaMskEventSchema = v.object({
  eventSource: v.literal('aws:kafka'),
  eventSourceArn: v.string(),
  bootstrapServers: v.string(),
  records: KafkaRecordsSchema,
});

/**
 * A self-managed Apache Kafka event (`SelfManagedKafkaEvent`).
 *
 * @example
 * const event = parse(input, undefined, KafkaSelfManagedEventSchema);
 */
export const KafkaSelfManagedEventSchema = v.object({
  eventSource: v.literal('SelfManagedKafka'),
  bootstrapServers: v.string(),
  records: KafkaRecordsSchema,
});

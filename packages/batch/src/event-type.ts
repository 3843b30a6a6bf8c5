/**
 * The event sources a batch processor handles, with Powertools' names and values.
 *
 * @example
 * const processor = new BatchProcessor(EventType.SQS);
 */
export const EventType = {
  SQS: 'SQS',
  KinesisDataStreams: 'KinesisDataStreams',
  DynamoDBStreams: 'DynamoDBStreams',
} as const;

/**
 * One of the values of {@link EventType}.
 *
 * @example
 * const type: EventType = 'KinesisDataStreams';
 */
export type EventType = (typeof EventType)[keyof typeof EventType];

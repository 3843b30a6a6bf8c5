export {
  BatchProcessingError,
  FullBatchFailureError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
  TimeBudgetExceededError,
  UnexpectedBatchTypeError,
} from './errors.js';
export { EventType } from './event-type.js';
export { type ReportBatchItemFailuresOptions, reportBatchItemFailures } from './middleware.js';
export {
  processPartialResponse,
  processPartialResponseSync,
  type RecordOf,
} from './process-partial-response.js';
export {
  BatchProcessor,
  type BatchProcessorConfig,
  BatchProcessorSync,
  type BatchRecord,
  SqsFifoPartialProcessor,
  SqsFifoPartialProcessorAsync,
} from './processor.js';
export type {
  BatchEvent,
  BatchProcessingOptions,
  DynamoDBAttributeValue,
  DynamoDBRecord,
  KinesisStreamRecord,
  KinesisStreamRecordPayload,
  ParsedRecord,
  PartialItemFailureResponse,
  PartialItemFailures,
  RecordByEventType,
  RecordFailureHook,
  RecordHandler,
  RecordHandlerOptions,
  SQSMessageAttribute,
  SQSRecord,
  SQSRecordAttributes,
  StreamRecord,
} from './types.js';

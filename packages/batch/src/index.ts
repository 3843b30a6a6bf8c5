export { BasePartialBatchProcessor, BasePartialProcessor, type BatchLogger } from './base-processor.js';
export {
  BatchProcessingError,
  FullBatchFailureError,
  ParsingError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
  TimeBudgetExceededError,
  UnexpectedBatchTypeError,
} from './errors.js';
export { EventType } from './event-type.js';
export { type ReportBatchItemFailuresOptions, reportBatchItemFailures } from './middleware.js';
export {
  type AnyProcessor,
  processPartialResponse,
  processPartialResponseSync,
  type RecordOf,
} from './process-partial-response.js';
export {
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  type RecordFor,
  SqsFifoPartialProcessor,
  SqsFifoPartialProcessorAsync,
} from './processor.js';
export type { BatchProcessorConfig, BatchRecordParser, PayloadTransformer } from './processor-config.js';
export type {
  BaseRecord,
  BatchEvent,
  BatchProcessingOptions,
  DynamoDBAttributeValue,
  DynamoDBRecord,
  EventSourceDataClassTypes,
  FailureResponse,
  KinesisStreamRecord,
  KinesisStreamRecordPayload,
  ParsedRecord,
  PartialItemFailureResponse,
  PartialItemFailures,
  PayloadParsed,
  RecordByEventType,
  RecordFailureHook,
  RecordHandler,
  RecordHandlerExtras,
  SQSMessageAttribute,
  SQSRecord,
  SQSRecordAttributes,
  StreamRecord,
  SuccessResponse,
} from './types.js';

// @lambkit/batch/types: the types Powertools' @aws-lambda-powertools/batch/types declares, and
// lambkit's own, with no run-time code.
export type { BatchLogger } from '../base-processor.js';
export type { RecordOf } from '../process-partial-response.js';
export type { BatchRecord, RecordFor } from '../processor.js';
export type { BatchProcessorConfig, BatchRecordParser, PayloadTransformer } from '../processor-config.js';
export type {
  BaseRecord,
  BatchProcessingOptions,
  EventSourceDataClassTypes,
  FailureResponse,
  ParsedRecord,
  PartialItemFailureResponse,
  PartialItemFailures,
  RecordFailureHook,
  RecordHandler,
  RecordHandlerExtras,
  SuccessResponse,
} from '../types.js';

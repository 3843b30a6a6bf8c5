/**
 * The Logger's types, at Powertools' subpath; no run-time code.
 *
 * @example
 * import type { LogAttributes, UnformattedAttributes } from '@lambkit/logger/types';
 */
export type {
  ConstructorOptions,
  CustomJsonReplacerFn,
  Environment,
  InjectLambdaContextOptions,
  LambdaFunctionContext,
  LogAttributes,
  LogAttributesWithMessage,
  LoggerInterface,
  LogItemExtraInput,
  LogItemMessage,
  LogKey,
  LogLevel,
  LogRecordOrderKeys,
  PowertoolsLogData,
  UnformattedAttributes,
} from '../types.js';

import { describeType } from '@lambkit/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { BatchLogger } from './base-processor.js';
import type { EventType } from './event-type.js';
import type { EventSourceDataClassTypes } from './types.js';

/**
 * The `parser` of a processor's config: `parser` from `@lambkit/batch/parser` (or Powertools'). It
 * returns the parsed record, or rejects with ParsingError.
 *
 * @example
 * const config = { parser, innerSchema: orderSchema, transformer: 'json' } as const;
 */
export type BatchRecordParser = (
  record: EventSourceDataClassTypes,
  eventType: EventType,
  logger: BatchLogger,
  parserConfig: BatchProcessorConfig,
) => Promise<EventSourceDataClassTypes>;

/** How `innerSchema` finds the payload: JSON text, base64 of JSON, or a DynamoDB image. */
export type PayloadTransformer = 'json' | 'base64' | 'unmarshall';

/**
 * Configuration of a processor, in one of three shapes:
 * - Powertools' `{ parser, schema }`: `schema` validates the whole record;
 * - Powertools' `{ parser, innerSchema, transformer? }`: `innerSchema` validates the payload, after
 *   the transformer decodes it (`json`, `base64` then JSON, `unmarshall` for DynamoDB images);
 * - lambkit's `{ schema }` without `parser`: `schema` validates the payload, decoded as the event
 *   type needs (the SQS body as JSON, the Kinesis data as base64 then JSON, each DynamoDB image
 *   unmarshalled); a record that fails carries a ParseError from @lambkit/parser.
 *
 * Each takes an optional `logger` for the parser's debug messages. Any Standard Schema v1 works
 * (zod 4, valibot 1, arktype, ...).
 *
 * @example
 * const config: BatchProcessorConfig = { parser, innerSchema: orderSchema, transformer: 'json' };
 */
export type BatchProcessorConfig<S extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined> =
  | {
      parser?: never;
      schema?: S;
      innerSchema?: never;
      transformer?: never;
      logger?: BatchLogger;
    }
  | {
      parser: BatchRecordParser;
      schema: StandardSchemaV1;
      innerSchema?: never;
      transformer?: never;
      logger?: BatchLogger;
    }
  | {
      parser: BatchRecordParser;
      schema?: never;
      innerSchema: StandardSchemaV1;
      transformer?: PayloadTransformer;
      logger?: BatchLogger;
    };

const CONFIG_KEYS = ['schema', 'parser', 'innerSchema', 'transformer', 'logger'];
const TRANSFORMERS: readonly unknown[] = ['json', 'base64', 'unmarshall'];

function isSchema(value: unknown): boolean {
  return typeof (value as StandardSchemaV1 | undefined)?.['~standard']?.validate === 'function';
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describeType(value);
}

/** The config, checked: a bad one throws a TypeError naming the field, the value and the rule. */
export function checkConfig(owner: string, config: unknown): BatchProcessorConfig | undefined {
  if (config === undefined) return undefined;
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(`${owner}: config must be an object, got ${show(config)}`);
  }
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key)) {
      throw new TypeError(`${owner}: unknown config key "${key}" (accepted: ${CONFIG_KEYS.join(', ')})`);
    }
  }
  const { schema, parser, innerSchema, transformer, logger } = config as Record<string, unknown>;
  const rule = 'a Standard Schema v1 (zod 4, valibot 1, arktype, ...) with a ~standard.validate function';
  if (schema !== undefined && !isSchema(schema)) {
    throw new TypeError(`${owner}: config.schema must be ${rule}, got ${show(schema)}`);
  }
  if (innerSchema !== undefined && !isSchema(innerSchema)) {
    throw new TypeError(`${owner}: config.innerSchema must be ${rule}, got ${show(innerSchema)}`);
  }
  if (parser !== undefined && typeof parser !== 'function') {
    throw new TypeError(
      `${owner}: config.parser must be a function (import { parser } from '@lambkit/batch/parser'), got ${show(parser)}`,
    );
  }
  if (parser === undefined && (innerSchema !== undefined || transformer !== undefined)) {
    throw new TypeError(
      `${owner}: config.${innerSchema !== undefined ? 'innerSchema' : 'transformer'} needs config.parser: import { parser } from '@lambkit/batch/parser' (or pass the payload schema as config.schema, without parser)`,
    );
  }
  if (parser !== undefined && (schema === undefined) === (innerSchema === undefined)) {
    throw new TypeError(
      `${owner}: config.parser needs exactly one of config.schema (the whole record) and config.innerSchema (the payload), got ${schema === undefined ? 'neither' : 'both'}`,
    );
  }
  if (transformer !== undefined && !TRANSFORMERS.includes(transformer)) {
    throw new TypeError(
      `${owner}: config.transformer must be one of ${TRANSFORMERS.join(', ')}, got ${show(transformer)}`,
    );
  }
  if (transformer !== undefined && innerSchema === undefined) {
    throw new TypeError(`${owner}: config.transformer applies only with config.innerSchema`);
  }
  if (logger !== undefined) {
    for (const method of ['debug', 'warn', 'error'] as const) {
      if (typeof (logger as Record<string, unknown> | null)?.[method] !== 'function') {
        throw new TypeError(
          `${owner}: config.logger must have debug, warn and error methods; ${method} is missing`,
        );
      }
    }
  }
  return config as BatchProcessorConfig;
}

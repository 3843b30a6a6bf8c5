import type { LambdaContext } from '@lambkit/core';
import type { Attributes } from '@opentelemetry/api';

/** OpenTelemetry's `faas.trigger` values. */
type FaasTrigger = 'http' | 'pubsub' | 'datasource' | 'timer';

/** Record event sources, by the value of `eventSource` (SQS, S3, DynamoDB, Kinesis) or `EventSource` (SNS). */
const RECORD_TRIGGERS: Record<string, FaasTrigger> = {
  'aws:sqs': 'pubsub',
  'aws:sns': 'pubsub',
  'aws:kinesis': 'pubsub',
  'aws:s3': 'datasource',
  'aws:dynamodb': 'datasource',
};

/**
 * The `faas.trigger` of an event when its shape says (API Gateway, function URLs and ALB: http; SQS,
 * SNS and Kinesis: pubsub; S3 and DynamoDB streams: datasource; EventBridge schedules: timer), else
 * undefined: the convention asks for the attribute only where it is known.
 *
 * @example
 * faasTrigger({ Records: [{ eventSource: 'aws:sqs' }] }); // 'pubsub'
 */
export function faasTrigger(event: unknown): FaasTrigger | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const shape = event as {
    httpMethod?: unknown;
    requestContext?: { http?: unknown; elb?: unknown; httpMethod?: unknown };
    Records?: Array<{ eventSource?: unknown; EventSource?: unknown }>;
    source?: unknown;
    'detail-type'?: unknown;
  };
  if (typeof shape.httpMethod === 'string' || shape.requestContext?.http !== undefined) return 'http';
  if (shape.requestContext?.elb !== undefined) return 'http';
  const record = Array.isArray(shape.Records) ? shape.Records[0] : undefined;
  if (record !== undefined) {
    const source = record.eventSource ?? record.EventSource;
    return typeof source === 'string' ? RECORD_TRIGGERS[source] : undefined;
  }
  if (shape.source === 'aws.scheduler' || shape['detail-type'] === 'Scheduled Event') return 'timer';
  return undefined;
}

/**
 * The attributes of an invocation's SERVER span, by OpenTelemetry's FaaS conventions: the request
 * id, cold start, function name and version, the invoked ARN, the trigger where known, and the
 * cloud provider and region.
 *
 * @example
 * faasAttributes(context, event, true); // { 'faas.invocation_id': 'c6af...', 'faas.coldstart': true, ... }
 */
export function faasAttributes(
  context: LambdaContext | undefined,
  event: unknown,
  coldStart: boolean,
): Attributes {
  const attributes: Attributes = {
    'faas.coldstart': coldStart,
    'cloud.provider': 'aws',
  };
  const name = context?.functionName ?? process.env.AWS_LAMBDA_FUNCTION_NAME;
  const version = context?.functionVersion ?? process.env.AWS_LAMBDA_FUNCTION_VERSION;
  const region = process.env.AWS_REGION;
  if (context?.awsRequestId !== undefined) attributes['faas.invocation_id'] = context.awsRequestId;
  if (name !== undefined) attributes['faas.name'] = name;
  if (version !== undefined) attributes['faas.version'] = version;
  if (context?.invokedFunctionArn !== undefined) attributes['cloud.resource_id'] = context.invokedFunctionArn;
  if (region !== undefined) attributes['cloud.region'] = region;
  const trigger = faasTrigger(event);
  if (trigger !== undefined) attributes['faas.trigger'] = trigger;
  return attributes;
}

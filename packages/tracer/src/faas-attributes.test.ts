import {
  createAlbEvent,
  createApiGatewayProxyEvent,
  createApiGatewayProxyEventV2,
  createContext,
  createDynamoDBStreamEvent,
  createEventBridgeEvent,
  createFunctionUrlEvent,
  createKinesisStreamEvent,
  createS3Event,
  createScheduledEvent,
  createSnsEvent,
  createSqsEvent,
} from '@lambkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { faasAttributes, faasTrigger } from './faas-attributes.js';

const saved = { ...process.env };

afterEach(() => {
  for (const name of ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_REGION']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('faasTrigger', () => {
  it.each([
    ['an API Gateway REST event', createApiGatewayProxyEvent(), 'http'],
    ['an API Gateway HTTP API event', createApiGatewayProxyEventV2(), 'http'],
    ['a function URL event', createFunctionUrlEvent(), 'http'],
    ['an ALB event', createAlbEvent(), 'http'],
    [
      'an event with only an ALB request context',
      { requestContext: { elb: { targetGroupArn: 'arn' } } },
      'http',
    ],
    ['an SQS event', createSqsEvent(), 'pubsub'],
    ['an SNS event', createSnsEvent(), 'pubsub'],
    ['a Kinesis event', createKinesisStreamEvent(), 'pubsub'],
    ['an S3 event', createS3Event(), 'datasource'],
    ['a DynamoDB stream event', createDynamoDBStreamEvent(), 'datasource'],
    ['an EventBridge schedule', createScheduledEvent(), 'timer'],
    ['an EventBridge Scheduler invocation', { source: 'aws.scheduler' }, 'timer'],
  ])('says %s is %s', (_, event, trigger) => {
    expect(faasTrigger(event)).toBe(trigger);
  });

  it.each([
    ['a custom EventBridge event', createEventBridgeEvent()],
    ['records of an unknown source', { Records: [{ eventSource: 'aws:unknown' }] }],
    ['records without a source', { Records: [{ body: '{}' }] }],
    ['an empty object', {}],
    ['a string', 'ping'],
    ['null', null],
  ])('leaves the trigger of %s unknown', (_, event) => {
    expect(faasTrigger(event)).toBeUndefined();
  });
});

describe('faasAttributes', () => {
  it('takes the function name and version from the context, and the region from the environment', () => {
    process.env.AWS_REGION = 'eu-west-1';
    const context = createContext({ functionName: 'orders', functionVersion: '7' });

    const attributes = faasAttributes(context, createSqsEvent(), true);

    expect(attributes).toEqual({
      'faas.coldstart': true,
      'cloud.provider': 'aws',
      'faas.invocation_id': context.awsRequestId,
      'faas.name': 'orders',
      'faas.version': '7',
      'cloud.resource_id': context.invokedFunctionArn,
      'cloud.region': 'eu-west-1',
      'faas.trigger': 'pubsub',
    });
  });

  it('falls back to the environment without a context, and leaves out what neither gives', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'billing';
    process.env.AWS_LAMBDA_FUNCTION_VERSION = '$LATEST';
    delete process.env.AWS_REGION;

    expect(faasAttributes(undefined, {}, false)).toEqual({
      'faas.coldstart': false,
      'cloud.provider': 'aws',
      'faas.name': 'billing',
      'faas.version': '$LATEST',
    });
  });

  it('leaves out the name and version when neither the context nor the environment has them', () => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    delete process.env.AWS_LAMBDA_FUNCTION_VERSION;
    delete process.env.AWS_REGION;

    expect(faasAttributes(undefined, undefined, false)).toEqual({
      'faas.coldstart': false,
      'cloud.provider': 'aws',
    });
  });
});

import { parse } from '@lambkit/parser';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../__fixtures__/load.js';
import * as schemas from './index.js';

// Every built-in schema against the AWS sample event(s) of its source.
const cases: Array<[keyof typeof schemas, string]> = [
  ['SqsSchema', 'sqs'],
  ['SqsSchema', 'sqs-fifo'],
  ['SnsSchema', 'sns'],
  ['SnsSqsEventSchema', 'sns-sqs'],
  ['S3Schema', 's3'],
  ['S3SqsEventNotificationSchema', 's3-sqs'],
  ['S3EventNotificationEventBridgeSchema', 's3-eventbridge'],
  ['S3ObjectLambdaEventSchema', 's3-object-lambda'],
  ['EventBridgeSchema', 'eventbridge'],
  ['EventBridgeSchema', 's3-eventbridge'],
  ['DynamoDBStreamSchema', 'dynamodb-stream'],
  ['KinesisDataStreamSchema', 'kinesis'],
  ['KinesisFirehoseSchema', 'kinesis-firehose'],
  ['KinesisFirehoseSchema', 'kinesis-firehose-from-stream'],
  ['CloudWatchLogsSchema', 'cloudwatch-logs'],
  ['CloudWatchLogsDecodeSchema', 'cloudwatch-logs-decoded'],
  ['KafkaMskEventSchema', 'kafka-msk'],
  ['KafkaSelfManagedEventSchema', 'kafka-self-managed'],
  ['APIGatewayProxyEventSchema', 'apigateway-rest'],
  ['APIGatewayTokenAuthorizerEventSchema', 'apigateway-token-authorizer'],
  ['APIGatewayRequestAuthorizerEventSchema', 'apigateway-request-authorizer'],
  ['APIGatewayProxyEventV2Schema', 'apigateway-http'],
  ['APIGatewayRequestAuthorizerEventV2Schema', 'apigateway-http-authorizer'],
  ['AlbSchema', 'alb'],
  ['AlbMultiValueHeadersSchema', 'alb-multi-value-headers'],
  ['LambdaFunctionUrlSchema', 'lambda-function-url'],
  ['VpcLatticeSchema', 'vpc-lattice'],
  ['VpcLatticeV2Schema', 'vpc-lattice-v2'],
  ['PreSignupTriggerSchema', 'cognito-pre-signup'],
  ['PostConfirmationTriggerSchema', 'cognito-post-confirmation'],
  ['PreAuthenticationTriggerSchema', 'cognito-pre-authentication'],
  ['PostAuthenticationTriggerSchema', 'cognito-post-authentication'],
  ['PreTokenGenerationTriggerSchemaV1', 'cognito-pre-token-generation'],
  ['PreTokenGenerationTriggerSchemaV2AndV3', 'cognito-pre-token-generation-v2'],
  ['CustomMessageTriggerSchema', 'cognito-custom-message'],
  ['MigrateUserTriggerSchema', 'cognito-migrate-user'],
  ['DefineAuthChallengeTriggerSchema', 'cognito-define-auth-challenge'],
  ['CreateAuthChallengeTriggerSchema', 'cognito-create-auth-challenge'],
  ['VerifyAuthChallengeTriggerSchema', 'cognito-verify-auth-challenge'],
  ['CustomEmailSenderTriggerSchema', 'cognito-custom-email-sender'],
  ['CustomSMSSenderTriggerSchema', 'cognito-custom-sms-sender'],
  ['CloudFormationCustomResourceCreateSchema', 'cloudformation-create'],
  ['CloudFormationCustomResourceUpdateSchema', 'cloudformation-update'],
  ['CloudFormationCustomResourceDeleteSchema', 'cloudformation-delete'],
  ['CloudFormationCustomResourceSchema', 'cloudformation-update'],
  ['SesSchema', 'ses'],
  ['AppSyncResolverSchema', 'appsync-resolver'],
];

describe('built-in schemas', () => {
  it.each(cases)('%s accepts the AWS sample event %s', (name, fixture) => {
    const event = loadFixture(fixture);
    const schema = Object.entries(schemas).find(([key]) => key === name)![1] as v.GenericSchema;

    const result = v.safeParse(schema, event);

    expect(result.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`)).toBeUndefined();
  });

  it('covers every exported event schema with a sample', () => {
    const parts = new Set([
      'APIGatewayCert',
      'APIGatewayEventIdentitySchema',
      'APIGatewayEventRequestContextSchema',
      'APIGatewayRequestContextV2Schema',
      'AppSyncBatchResolverSchema',
      'CloudWatchLogEventSchema',
      'DynamoDBAttributeValueSchema',
      'DynamoDBStreamChangeRecordSchema',
      'DynamoDBStreamRecord',
      'KafkaRecordSchema',
      'KinesisDataStreamRecord',
      'KinesisDataStreamRecordPayload',
      'KinesisFirehoseRecordSchema',
      'S3EventNotificationEventBridgeDetailSchema',
      'S3RecordSchema',
      'SesRecordSchema',
      'SnsMsgAttributeSchema',
      'SnsNotificationSchema',
      'SnsRecordSchema',
      'SnsSqsNotificationSchema',
      'SqsAttributesSchema',
      'SqsMsgAttributeDataTypeSchema',
      'SqsMsgAttributeSchema',
      'SqsRecordSchema',
    ]);
    const tested = new Set(cases.map(([name]) => name));

    const untested = Object.keys(schemas).filter((name) => !tested.has(name as never) && !parts.has(name));

    expect(untested).toEqual([]);
  });

  it('refuses an event of another source, naming the field', () => {
    const act = () => parse(loadFixture('sns'), undefined, schemas.SqsSchema);

    expect(act).toThrow('Invalid input at Records[0].messageId: expected a value, received undefined');
  });

  it('refuses a wrong literal, such as the event source', () => {
    const event = loadFixture('sqs');
    event.Records[1].eventSource = 'aws:sns';

    const act = () => parse(event, undefined, schemas.SqsSchema);

    expect(act).toThrow(/Invalid input at Records\[1\]\.eventSource: expected "aws:sqs"/);
  });

  it('can be extended to type a field, here an SQS body holding JSON', () => {
    const Order = v.object({ orderId: v.string() });
    const OrderQueueEvent = v.object({
      Records: v.array(
        v.object({ ...schemas.SqsRecordSchema.entries, body: v.pipe(v.string(), v.parseJson(), Order) }),
      ),
    });
    const event = loadFixture('sqs');
    event.Records[0].body = '{"orderId":"o-1"}';
    event.Records[1].body = '{"orderId":"o-2"}';

    const parsed = parse(event, undefined, OrderQueueEvent);

    expect(parsed.Records.map((record) => record.body.orderId)).toEqual(['o-1', 'o-2']);
  });

  it('parses an S3 notification delivered through SQS into the S3 event', () => {
    const parsed = parse(loadFixture('s3-sqs'), undefined, schemas.S3SqsEventNotificationSchema);

    expect(parsed.Records[0]!.body.Records[0]!.s3.object.key).toBe('b21b84d653bb07b05b1e6b33684dc11b');
  });

  it('tells CloudFormation request types apart', () => {
    const parsed = parse(
      loadFixture('cloudformation-update'),
      undefined,
      schemas.CloudFormationCustomResourceSchema,
    );

    expect(parsed.RequestType === 'Update' && parsed.OldResourceProperties.List).toEqual(['1', '2', '3']);
  });
});

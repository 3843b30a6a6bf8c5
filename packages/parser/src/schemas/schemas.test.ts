import { gzipSync } from 'node:zlib';
import { ParseError, parse } from '@lambkit/parser';
import { JSONStringified } from '@lambkit/parser/helpers';
import * as schemas from '@lambkit/parser/schemas';
import { describe, expect, it } from 'vitest';
import { type ZodType, z } from 'zod';
import { loadFixture } from '../__fixtures__/load.js';

// Every Zod built-in with a sample event of its source, the AWS documented sample of each fixture.
const cases: Array<[keyof typeof schemas, string]> = [
  ['SqsSchema', 'sqs'],
  ['SqsSchema', 'sqs-fifo'],
  ['SnsSchema', 'sns'],
  ['S3Schema', 's3'],
  ['S3SqsEventNotificationSchema', 's3-sqs'],
  ['S3EventNotificationEventBridgeSchema', 's3-eventbridge'],
  ['S3ObjectLambdaEventSchema', 's3-object-lambda'],
  ['EventBridgeSchema', 'eventbridge'],
  ['DynamoDBStreamSchema', 'dynamodb-stream'],
  ['KinesisDataStreamSchema', 'kinesis'],
  ['KinesisFirehoseSchema', 'kinesis-firehose'],
  ['CloudWatchLogsSchema', 'cloudwatch-logs'],
  ['CloudWatchLogsDecodeSchema', 'cloudwatch-logs-decoded'],
  ['KafkaMskEventSchema', 'kafka-msk'],
  ['KafkaSelfManagedEventSchema', 'kafka-self-managed'],
  ['APIGatewayProxyEventSchema', 'apigateway-rest'],
  ['APIGatewayTokenAuthorizerEventSchema', 'apigateway-token-authorizer'],
  ['APIGatewayProxyEventV2Schema', 'apigateway-http'],
  ['AlbSchema', 'alb'],
  ['LambdaFunctionUrlSchema', 'lambda-function-url'],
  ['SesSchema', 'ses'],
  ['CloudFormationCustomResourceCreateSchema', 'cloudformation-create'],
  ['CloudFormationCustomResourceUpdateSchema', 'cloudformation-update'],
  ['CloudFormationCustomResourceDeleteSchema', 'cloudformation-delete'],
  ['ActiveMqEventSchema', 'activemq'],
  ['RabbitMqEventSchema', 'rabbitmq'],
  ['ConfigRuleEventSchema', 'config-rule'],
  ['CodePipelineJobEventSchema', 'codepipeline'],
];

// The schemas by name, for the table of cases (a namespace object is read statically elsewhere).
const schemaByName: Record<string, unknown> = { ...schemas };

describe('Zod built-in schemas', () => {
  it.each(cases)('%s accepts the AWS sample event %s', (name, fixture) => {
    const schema = schemaByName[name] as ZodType;

    const result = schema.safeParse(loadFixture(fixture));

    expect(result.error?.issues).toBeUndefined();
  });

  it('can be extended with .extend(), here an SQS record whose body holds JSON', () => {
    const Order = z.object({ orderId: z.string() });
    const OrderQueueEvent = schemas.SqsSchema.extend({
      Records: z.array(schemas.SqsRecordSchema.extend({ body: JSONStringified(Order) })),
    });
    const event = loadFixture('sqs');
    event.Records[0].body = '{"orderId":"o-1"}';
    event.Records[1].body = '{"orderId":"o-2"}';

    const parsed = parse(event, undefined, OrderQueueEvent);

    expect(parsed.Records.map((record) => record.body.orderId)).toEqual(['o-1', 'o-2']);
  });

  it('types an EventBridge detail with .extend()', () => {
    const OrderPlaced = schemas.EventBridgeSchema.extend({ detail: z.object({ SourceType: z.string() }) });

    const event = OrderPlaced.parse(loadFixture('eventbridge'));

    expect(event.detail.SourceType).toBe('DB_INSTANCE');
  });

  it('decodes Kinesis data: JSON when it is JSON, text otherwise', () => {
    const event = loadFixture('kinesis');
    event.Records[1].kinesis.data = Buffer.from('{"celsius":21}').toString('base64');

    const parsed = schemas.KinesisDataStreamSchema.parse(event);

    expect(parsed.Records.map((record) => record.kinesis.data)).toEqual([
      'Hello, this is a test.',
      { celsius: 21 },
    ]);
  });

  it('unmarshalls the keys and images of DynamoDB stream records', () => {
    const parsed = schemas.DynamoDBStreamSchema.parse(loadFixture('dynamodb-stream'));

    expect(parsed.Records[1]!.dynamodb).toMatchObject({
      Keys: { Id: 101 },
      NewImage: { Id: 101, Message: 'This item has changed' },
      OldImage: { Id: 101, Message: 'New item!' },
    });
  });

  it('decodes the CloudWatch Logs payload', () => {
    const parsed = schemas.CloudWatchLogsSchema.parse(loadFixture('cloudwatch-logs'));

    expect(parsed.awslogs.data.logGroup).toBe(loadFixture('cloudwatch-logs-decoded').logGroup);
  });

  it('decodes Kafka keys, values and headers to text', () => {
    const event = loadFixture('kafka-msk');
    const raw = Object.values<any[]>(event.records)[0]![0];
    raw.key = Buffer.from('order-42').toString('base64');

    const parsed = schemas.KafkaMskEventSchema.parse(event);
    const record = Object.values(parsed.records)[0]![0];

    expect(record).toMatchObject({ key: 'order-42', value: 'Hello, this is a test.' });
    expect(record.headers).toEqual([{ headerKey: 'headerValue' }]);
  });

  it('decodes the invoking event and rule parameters of an AWS Config rule event', () => {
    const parsed = schemas.ConfigRuleEventSchema.parse(loadFixture('config-rule'));

    expect(parsed.invokingEvent.messageType).toBe('ConfigurationItemChangeNotification');
    expect(parsed.ruleParameters).toEqual({ myParameterKey: 'myParameterValue' });
  });

  it('refuses a prototype key in JSON text it decodes, as the envelopes do', () => {
    const event = loadFixture('config-rule');
    event.ruleParameters = '{"\\u005f_proto__":{"admin":true}}';

    const act = () => parse(event, undefined, schemas.ConfigRuleEventSchema);

    expect(act).toThrow(ParseError);
    expect(act).toThrow(
      'Invalid input at ruleParameters: Invalid JSON - expected JSON without "__proto__" or "constructor.prototype" keys, received a "__proto__" key',
    );
  });

  it('refuses CloudWatch Logs data that inflates beyond 6 MiB without inflating it all', () => {
    const bomb = gzipSync(Buffer.alloc(7 * 1024 * 1024, 0x20)).toString('base64');

    const result = schemas.CloudWatchLogsSchema.safeParse({ awslogs: { data: bomb } });

    expect(result.error?.issues[0]?.message).toBe('Failed to decompress CloudWatch log data');
  });

  it('never puts the artifact credentials of a CodePipeline job in the error', () => {
    const event = loadFixture('codepipeline');
    event['CodePipeline.job'].data.artifactCredentials.secretAccessKey = 42;

    const error = catchError(() => parse(event, undefined, schemas.CodePipelineJobEventSchema));

    expect(error).toBeInstanceOf(ParseError);
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(
      'IQoJb3JpZ2luX2VjEA',
    );
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

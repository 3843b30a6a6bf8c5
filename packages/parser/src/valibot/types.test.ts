import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewayTokenAuthorizerEvent,
  AppSyncResolverEvent,
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
  CloudWatchLogsDecodedData,
  CloudWatchLogsEvent,
  CreateAuthChallengeTriggerEvent,
  CustomMessageTriggerEvent,
  DefineAuthChallengeTriggerEvent,
  DynamoDBStreamEvent,
  EventBridgeEvent,
  FirehoseTransformationEvent,
  KinesisStreamEvent,
  LambdaFunctionURLEvent,
  MSKEvent,
  PostAuthenticationTriggerEvent,
  PostConfirmationTriggerEvent,
  PreAuthenticationTriggerEvent,
  PreSignUpTriggerEvent,
  PreTokenGenerationTriggerEvent,
  PreTokenGenerationV2TriggerEvent,
  S3Event,
  S3EventRecord,
  SESEvent,
  SelfManagedKafkaEvent,
  SNSEvent,
  SQSEvent,
  UserMigrationTriggerEvent,
  VerifyAuthChallengeResponseTriggerEvent,
} from 'aws-lambda';
import type * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type * as schemas from './index.js';

type Out<K extends keyof typeof schemas> = v.InferOutput<(typeof schemas)[K]>;

/** Compiles only when `_Actual` is assignable to `Expected` (plain TypeScript assignability). */
function assignable<Expected>() {
  return <_Actual extends Expected>(): true => true;
}

/** `T` with the fields `K` (of the member `M`) optional: where AWS leaves out what @types requires. */
type Loosen<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
/** `T` with the `response` of a Cognito trigger left open: Cognito sends its fields as null. */
type AnyResponse<T> = T extends unknown ? Omit<T, 'response'> & { response: unknown } : never;
/** `T` with a Cognito challenge session whose names are any string (Cognito adds new challenges). */
type AnySession<T> = T extends { request: { session: unknown } }
  ? Omit<T, 'request'> & {
      request: Omit<T['request'], 'session'> & {
        session: Array<{ challengeName: string; challengeResult: boolean; challengeMetadata?: string }>;
      };
    }
  : never;

// The output of each built-in schema is assignable to the @types/aws-lambda type of its event, so code
// typed with those types accepts it. Where AWS sends what @types does not allow (a field left out, or
// null), the schema follows AWS, and the test names the field.
describe('built-in schema types', () => {
  it('match @types/aws-lambda for queues, topics and streams', () => {
    expect(assignable<SQSEvent>()<Out<'SqsSchema'>>()).toBe(true);
    expect(assignable<SNSEvent>()<Out<'SnsSchema'>>()).toBe(true);
    expect(assignable<EventBridgeEvent<string, unknown>>()<Out<'EventBridgeSchema'>>()).toBe(true);
    expect(assignable<DynamoDBStreamEvent>()<Out<'DynamoDBStreamSchema'>>()).toBe(true);
    expect(assignable<KinesisStreamEvent>()<Out<'KinesisDataStreamSchema'>>()).toBe(true);
    expect(assignable<FirehoseTransformationEvent>()<Out<'KinesisFirehoseSchema'>>()).toBe(true);
    expect(assignable<CloudWatchLogsEvent>()<Out<'CloudWatchLogsSchema'>>()).toBe(true);
    expect(assignable<CloudWatchLogsDecodedData>()<Out<'CloudWatchLogsDecodeSchema'>>()).toBe(true);
    expect(assignable<SESEvent>()<Out<'SesSchema'>>()).toBe(true);
  });

  it('match @types/aws-lambda for S3, except the size and eTag that delete events leave out', () => {
    type S3Object = Loosen<S3EventRecord['s3']['object'], 'size' | 'eTag'>;
    type Record = Omit<S3EventRecord, 's3'> & {
      s3: Omit<S3EventRecord['s3'], 'object'> & { object: S3Object };
    };

    expect(assignable<Omit<S3Event, 'Records'> & { Records: Record[] }>()<Out<'S3Schema'>>()).toBe(true);
  });

  it('match @types/aws-lambda for Kafka, except the key Lambda leaves out of a record without one', () => {
    type KeyOptional<T extends { records: Record<string, Array<{ key: string }>> }> = Omit<T, 'records'> & {
      records: Record<string, Array<Loosen<T['records'][string][number], 'key'>>>;
    };

    expect(assignable<KeyOptional<MSKEvent>>()<Out<'KafkaMskEventSchema'>>()).toBe(true);
    expect(assignable<KeyOptional<SelfManagedKafkaEvent>>()<Out<'KafkaSelfManagedEventSchema'>>()).toBe(true);
  });

  it('match @types/aws-lambda for HTTP events, except the resourceId the v1.0 payload sends as null', () => {
    expect(
      assignable<
        Omit<APIGatewayProxyEvent, 'requestContext'> & {
          requestContext: Omit<APIGatewayProxyEvent['requestContext'], 'resourceId'> & {
            resourceId?: string | null;
          };
        }
      >()<Out<'APIGatewayProxyEventSchema'>>(),
    ).toBe(true);
    expect(assignable<APIGatewayTokenAuthorizerEvent>()<Out<'APIGatewayTokenAuthorizerEventSchema'>>()).toBe(
      true,
    );
    expect(
      assignable<
        Omit<APIGatewayRequestAuthorizerEvent, 'requestContext'> & {
          requestContext: Omit<
            APIGatewayRequestAuthorizerEvent['requestContext'],
            'authorizer' | 'resourceId'
          > & {
            authorizer?: undefined;
            resourceId?: string | null;
          };
        }
      >()<Out<'APIGatewayRequestAuthorizerEventSchema'>>(),
    ).toBe(true);
    expect(assignable<APIGatewayProxyEventV2>()<Out<'APIGatewayProxyEventV2Schema'>>()).toBe(true);
    expect(
      assignable<APIGatewayRequestAuthorizerEventV2>()<Out<'APIGatewayRequestAuthorizerEventV2Schema'>>(),
    ).toBe(true);
    expect(assignable<LambdaFunctionURLEvent>()<Out<'LambdaFunctionUrlSchema'>>()).toBe(true);
    expect(assignable<ALBEvent>()<Out<'AlbSchema'>>()).toBe(true);
  });

  it('match @types/aws-lambda for Cognito triggers, with responses as Cognito sends them (null fields)', () => {
    expect(assignable<PreSignUpTriggerEvent>()<Out<'PreSignupTriggerSchema'>>()).toBe(true);
    expect(assignable<PostConfirmationTriggerEvent>()<Out<'PostConfirmationTriggerSchema'>>()).toBe(true);
    expect(assignable<PreAuthenticationTriggerEvent>()<Out<'PreAuthenticationTriggerSchema'>>()).toBe(true);
    expect(assignable<PostAuthenticationTriggerEvent>()<Out<'PostAuthenticationTriggerSchema'>>()).toBe(true);
    expect(assignable<CustomMessageTriggerEvent>()<Out<'CustomMessageTriggerSchema'>>()).toBe(true);
    expect(
      assignable<AnyResponse<PreTokenGenerationTriggerEvent>>()<Out<'PreTokenGenerationTriggerSchemaV1'>>(),
    ).toBe(true);
    expect(
      assignable<
        AnyResponse<PreTokenGenerationV2TriggerEvent> | { triggerSource: 'TokenGeneration_ClientCredentials' }
      >()<Out<'PreTokenGenerationTriggerSchemaV2AndV3'>>(),
    ).toBe(true);
    expect(
      assignable<AnyResponse<VerifyAuthChallengeResponseTriggerEvent>>()<
        Out<'VerifyAuthChallengeTriggerSchema'>
      >(),
    ).toBe(true);
    expect(
      assignable<AnySession<AnyResponse<DefineAuthChallengeTriggerEvent>>>()<
        Out<'DefineAuthChallengeTriggerSchema'>
      >(),
    ).toBe(true);
    expect(
      assignable<AnySession<AnyResponse<CreateAuthChallengeTriggerEvent>>>()<
        Out<'CreateAuthChallengeTriggerSchema'>
      >(),
    ).toBe(true);
  });

  it('match @types/aws-lambda for user migration, except the password the forgot-password flow leaves out', () => {
    type Migration = UserMigrationTriggerEvent extends infer T
      ? T extends { request: { password: string } }
        ? Omit<AnyResponse<T>, 'request'> & { request: Loosen<T['request'], 'password'> }
        : never
      : never;

    expect(assignable<Migration>()<Out<'MigrateUserTriggerSchema'>>()).toBe(true);
  });

  it('match @types/aws-lambda for CloudFormation and AppSync', () => {
    expect(
      assignable<CloudFormationCustomResourceCreateEvent>()<
        Out<'CloudFormationCustomResourceCreateSchema'>
      >(),
    ).toBe(true);
    expect(
      assignable<CloudFormationCustomResourceUpdateEvent>()<
        Out<'CloudFormationCustomResourceUpdateSchema'>
      >(),
    ).toBe(true);
    expect(
      assignable<CloudFormationCustomResourceDeleteEvent>()<
        Out<'CloudFormationCustomResourceDeleteSchema'>
      >(),
    ).toBe(true);
    expect(assignable<AppSyncResolverEvent<Record<string, any>>>()<Out<'AppSyncResolverSchema'>>()).toBe(
      true,
    );
  });
});

import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { LambdaContext } from './index.js';

describe('LambdaContext', () => {
  it('is interchangeable with the Context of @types/aws-lambda', () => {
    const fromTypes = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: 'f',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      memoryLimitInMB: '128',
      awsRequestId: 'r',
      logGroupName: '/aws/lambda/f',
      logStreamName: 's',
      identity: { cognitoIdentityId: 'id', cognitoIdentityPoolId: 'pool' },
      getRemainingTimeInMillis: () => 1000,
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;
    // Both assignments are checked by the type-check of the tests.
    const ours: LambdaContext = fromTypes;
    const theirs: Context = ours;
    expect(theirs.identity?.cognitoIdentityPoolId).toBe('pool');
  });
});

import type { LambdaFunctionURLEvent, LambdaFunctionURLEventWithIAMAuthorizer } from 'aws-lambda';
import { type ApiGatewayProxyEventV2Options, httpApiEvent } from './api-gateway.js';
import { DEFAULT_ACCOUNT, iamUserId, urlId } from './ids.js';
import { checkOptions, deepMerge, fail } from './merge.js';

/** Options for `createFunctionUrlEvent`: any event field (deep-merged), and the URL's auth type. */
export interface FunctionUrlEventOptions extends ApiGatewayProxyEventV2Options {
  /** AWS_IAM adds the signing caller's identity under requestContext.authorizer.iam. Default 'NONE'. */
  authType?: 'NONE' | 'AWS_IAM';
}

/** The identity of a SigV4-signing IAM user, as function URLs with AWS_IAM auth pass it. */
function iamAuthorizer(): FunctionUrlEventOptions {
  const callerId = iamUserId();
  return {
    requestContext: {
      authorizer: {
        iam: {
          accessKey: `AKIA${callerId.slice(4, 20)}`,
          accountId: DEFAULT_ACCOUNT,
          callerId,
          cognitoIdentity: null,
          principalOrgId: null,
          userArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/example-user`,
          userId: callerId,
        },
      },
    },
  };
}

/**
 * A Lambda function URL event: payload format 2.0 on the `<url-id>.lambda-url.<region>.on.aws`
 * domain, routeKey and stage '$default'. With `authType: 'AWS_IAM'` the caller's IAM identity is in
 * requestContext.authorizer.iam.
 *
 * @example
 * const event = createFunctionUrlEvent({ rawPath: '/hooks', requestContext: { http: { method: 'POST' } }, body: '{}' });
 * event.requestContext.domainName; // 'abc...xyz.lambda-url.us-east-1.on.aws'
 */
export function createFunctionUrlEvent<
  T extends LambdaFunctionURLEvent | LambdaFunctionURLEventWithIAMAuthorizer = LambdaFunctionURLEvent,
>(options: FunctionUrlEventOptions = {}): T {
  const factory = 'createFunctionUrlEvent';
  checkOptions(factory, options);
  const { authType = 'NONE', ...rest } = options;
  if (authType !== 'NONE' && authType !== 'AWS_IAM')
    fail(factory, 'authType', "'NONE' or 'AWS_IAM'", authType);
  const overrides = authType === 'AWS_IAM' ? deepMerge(iamAuthorizer(), rest) : rest;
  return httpApiEvent(factory, overrides, (id, region) => `${id}.lambda-url.${region}.on.aws`, urlId) as T;
}

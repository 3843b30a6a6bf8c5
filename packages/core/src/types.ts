/**
 * The Lambda context object, structurally equal to `Context` from @types/aws-lambda, so lambkit's
 * public types do not depend on that package.
 */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  identity?: CognitoIdentityLike | undefined;
  clientContext?: ClientContextLike | undefined;
  tenantId?: string;
  getRemainingTimeInMillis(): number;
  // Deprecated callbacks of the Node.js runtime, kept so the type matches @types/aws-lambda.
  // biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
  done(error?: Error, result?: any): void;
  fail(error: Error | string): void;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
  succeed(messageOrObject: any): void;
}

/** The Cognito identity of a mobile SDK caller, as in @types/aws-lambda. */
export interface CognitoIdentityLike {
  cognitoIdentityId: string;
  cognitoIdentityPoolId: string;
}

/** The client context of a mobile SDK caller, as in @types/aws-lambda. */
export interface ClientContextLike {
  client: {
    installationId: string;
    appTitle: string;
    appVersionName: string;
    appVersionCode: string;
    appPackageName: string;
  };
  // biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
  Custom?: any;
  env: { platformVersion: string; platform: string; make: string; model: string; locale: string };
}

/**
 * The request object @middy/core 6 and 7 pass to middlewares. Only the shape lambkit relies on.
 */
// biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
export interface MiddyRequest<TEvent = any, TResult = any, TContext = LambdaContext> {
  event: TEvent;
  context: TContext;
  response: TResult | null | undefined;
  error: unknown;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
  internal: any;
}

/** One middleware hook. */
// biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
export type MiddlewareFn<TEvent = any, TResult = any, TContext = LambdaContext> = (
  request: MiddyRequest<TEvent, TResult, TContext>,
  // biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
) => any;

/**
 * A @middy/core middleware, typed structurally so lambkit packages never import middy's types and
 * fit both @middy/core 6 and 7.
 *
 * @example
 * const mw: MiddlewareObj = { before: (request) => { request.context.callbackWaitsForEmptyEventLoop = false; } };
 */
// biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
export interface MiddlewareObj<TEvent = any, TResult = any, TContext = LambdaContext> {
  before?: MiddlewareFn<TEvent, TResult, TContext>;
  after?: MiddlewareFn<TEvent, TResult, TContext>;
  onError?: MiddlewareFn<TEvent, TResult, TContext>;
  name?: string;
}

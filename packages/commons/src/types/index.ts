/**
 * The types of Powertools' `@aws-lambda-powertools/commons/types`, so code that imports them
 * switches with an import change. Types only: nothing here exists at run time.
 *
 * @example
 * import type { LambdaInterface } from '@lambkit/commons/types';
 */
import type { LambdaContext } from '@lambkit/core';

export type {
  AsyncHandler,
  HandlerMethodDecorator,
  LambdaInterface,
  SyncHandler,
} from '@lambkit/core';

/** A JSON value, as Powertools' `JSONValue`. */
export type JSONPrimitive = string | number | boolean | null | undefined;
export type JSONValue = JSONPrimitive | JSONObject | JSONArray;
export type JSONObject = { [key: number | string]: JSONValue };
export type JSONArray = Array<JSONValue>;

/** A logger a utility can be given instead of the console: `debug`, `info`, `warn`, `error`. */
export interface GenericLogger {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' GenericLogger: console, Powertools' Logger and lambkit's Logger all stay assignable
  trace?: (...content: any[]) => void;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' GenericLogger: console, Powertools' Logger and lambkit's Logger all stay assignable
  debug: (...content: any[]) => void;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' GenericLogger: console, Powertools' Logger and lambkit's Logger all stay assignable
  info: (...content: any[]) => void;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' GenericLogger: console, Powertools' Logger and lambkit's Logger all stay assignable
  warn: (...content: any[]) => void;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' GenericLogger: console, Powertools' Logger and lambkit's Logger all stay assignable
  error: (...content: any[]) => void;
}

/** The request a middy-like engine passes to a middleware. */
export type Request<
  TEvent = unknown,
  TResult = unknown,
  TErr = Error,
  TContext extends LambdaContext = LambdaContext,
> = {
  event: TEvent;
  context: TContext;
  response: TResult | null | undefined;
  error: TErr | null | undefined;
  internal: { [key: string]: unknown };
};

/** One lifecycle function of a middy-like middleware. */
export type MiddlewareFn<
  TEvent = unknown,
  TResult = unknown,
  TErr = Error,
  TContext extends LambdaContext = LambdaContext,
> = (request: Request<TEvent, TResult, TErr, TContext>) => unknown;

/** A middy-like middleware: `before`, `after` and `onError`, each optional. */
export type MiddlewareLikeObj<
  TEvent = unknown,
  TResult = unknown,
  TErr = Error,
  TContext extends LambdaContext = LambdaContext,
> = {
  before?: MiddlewareFn<TEvent, TResult, TErr, TContext>;
  after?: MiddlewareFn<TEvent, TResult, TErr, TContext>;
  onError?: MiddlewareFn<TEvent, TResult, TErr, TContext>;
};

/** The request object of middy, as a middleware that returns early cleans up with it. */
export type MiddyLikeRequest = {
  event: unknown;
  context: LambdaContext;
  response: unknown;
  error: Error | null | undefined;
  internal: { [key: string]: unknown };
};

/** A function run on a middy early return to clean up what a middleware started. */
export type CleanupFunction = (request: MiddyLikeRequest) => Promise<void>;

/** An AWS SDK v3 client, as far as a utility that adds middleware to it needs. */
export interface SdkClient {
  send: (args: unknown) => Promise<unknown>;
  config: { serviceId: string };
  middlewareStack: {
    identify: () => string[];
    addRelativeTo: (middleware: unknown, options: unknown) => void;
  };
}

/** The arguments of an AWS SDK v3 middleware, as far as a header is concerned. */
export type MiddlewareArgsLike = { request: { headers: { [key: string]: string } } };

/** A source of configuration a utility reads instead of the environment. */
export interface ConfigServiceInterface {
  get(name: string): string;
  getServiceName(): string;
  getXrayTraceId(): string | undefined;
  getXrayTraceSampled(): boolean;
  isDevMode(): boolean;
  isValueTrue(value: string): boolean;
}

/** Options of an environment reader: the variable, its default and the error when it is missing. */
export type GetStringFromEnvOptions = { key: string; defaultValue?: string; errorMessage?: string };
export type GetNumberFromEnvOptions = { key: string; defaultValue?: number; errorMessage?: string };
export type GetBooleanFromEnvOptions = {
  key: string;
  defaultValue?: boolean;
  errorMessage?: string;
  extendedParsing?: boolean;
};

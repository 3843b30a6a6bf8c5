import { z } from 'zod';
import { AppSyncCognitoIdentity, AppSyncIamIdentity, AppSyncOidcIdentity } from './appsync-shared.js';
/**
 * A zod schema for the AppSync Events `identity` object when using an AWS Lambda Authorizer.
 *
 * @example
 * AppSyncLambdaAuthIdentity.parse(event);
 */
export const AppSyncLambdaAuthIdentity = z.object({
  handlerContext: z.record(z.string(), z.unknown()),
});
/**
 * A zod schema for AppSync Events request object.
 *
 * @example
 * AppSyncEventsRequestSchema.parse(event);
 */
export const AppSyncEventsRequestSchema = z.object({
  headers: z.record(z.string(), z.string()).optional(),
  domainName: z.string().nullable(),
});
/**
 * A zod schema for AppSync Events info object.
 *
 * @example
 * AppSyncEventsInfoSchema.parse(event);
 */
export const AppSyncEventsInfoSchema = z.object({
  channel: z.object({
    path: z.string(),
    segments: z.array(z.string()),
  }),
  channelNamespace: z.object({
    name: z.string(),
  }),
  operation: z.union([z.literal('PUBLISH'), z.literal('SUBSCRIBE')]),
});
/**
 * A zod schema for AppSync Events base events.
 *
 * @example
 * AppSyncEventsBaseSchema.parse(event);
 */
export const AppSyncEventsBaseSchema = z.object({
  identity: z.union([
    z.null(),
    AppSyncCognitoIdentity,
    AppSyncIamIdentity,
    AppSyncLambdaAuthIdentity,
    AppSyncOidcIdentity,
  ]),
  result: z.null(),
  request: AppSyncEventsRequestSchema,
  info: AppSyncEventsInfoSchema,
  error: z.null(),
  prev: z.null(),
  stash: z.object({}),
  outErrors: z.array(z.unknown()),
  events: z.null(),
});
/**
 * A zod schema for AppSync Events publish events.
 *
 * @example
 * AppSyncEventsPublishSchema.parse(event);
 */
export const AppSyncEventsPublishSchema = AppSyncEventsBaseSchema.extend({
  info: AppSyncEventsInfoSchema.extend({
    operation: z.literal('PUBLISH'),
  }),
  events: z
    .array(
      z.object({
        payload: z.record(z.string(), z.unknown()),
        id: z.string(),
      }),
    )
    .min(1),
});
/**
 * A zod schema for AppSync Events subscribe events.
 *
 * @example
 * AppSyncEventsSubscribeSchema.parse(event);
 */
export const AppSyncEventsSubscribeSchema = AppSyncEventsBaseSchema.extend({
  info: AppSyncEventsInfoSchema.extend({
    operation: z.literal('SUBSCRIBE'),
  }),
  events: z.null(),
});
export { AppSyncCognitoIdentity, AppSyncIamIdentity, AppSyncOidcIdentity } from './appsync-shared.js';

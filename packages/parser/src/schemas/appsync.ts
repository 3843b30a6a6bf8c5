import { z } from 'zod';
import { AppSyncCognitoIdentity, AppSyncIamIdentity, AppSyncOidcIdentity } from './appsync-shared.js';
/**
 * Zod schema for the AppSync `identity` set by a Lambda authorizer.
 *
 * @example
 * AppSyncLambdaIdentity.parse(event);
 */
export const AppSyncLambdaIdentity = z.object({
  resolverContext: z.any(),
});
const AppSyncIdentity = z.union([
  AppSyncCognitoIdentity,
  AppSyncIamIdentity,
  AppSyncOidcIdentity,
  AppSyncLambdaIdentity,
]);
/**
 * A zod schema for an AppSync resolver event
 *
 * @example
 * AppSyncResolverSchema.parse(event);
 */
export const AppSyncResolverSchema = z.object({
  arguments: z.record(z.string(), z.any()),
  identity: z.optional(AppSyncIdentity),
  source: z.record(z.string(), z.any()).nullable(),
  request: z.object({
    domainName: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
  }),
  info: z.object({
    selectionSetList: z.array(z.string()),
    selectionSetGraphQL: z.string(),
    parentTypeName: z.string(),
    fieldName: z.string(),
    variables: z.record(z.string(), z.any()),
  }),
  prev: z
    .object({
      result: z.record(z.string(), z.any()),
    })
    .nullable(),
  stash: z.record(z.string(), z.any()),
});
/**
 * A zod schema for a batch AppSync resolver event
 *
 * @example
 * AppSyncBatchResolverSchema.parse(event);
 */
export const AppSyncBatchResolverSchema = z.array(AppSyncResolverSchema);
export { AppSyncCognitoIdentity, AppSyncIamIdentity, AppSyncOidcIdentity } from './appsync-shared.js';

import * as v from 'valibot';
import { OptionalStringMapSchema } from './shared.js';

const identity = v.optional(
  v.nullable(
    v.union([
      v.object({
        sub: v.string(),
        issuer: v.string(),
        username: v.string(),
        claims: v.any(),
        sourceIp: v.array(v.string()),
        defaultAuthStrategy: v.string(),
        groups: v.nullable(v.array(v.string())),
      }),
      v.object({
        accountId: v.string(),
        cognitoIdentityPoolId: v.string(),
        cognitoIdentityId: v.string(),
        sourceIp: v.array(v.string()),
        username: v.string(),
        userArn: v.string(),
        cognitoIdentityAuthType: v.string(),
        cognitoIdentityAuthProvider: v.string(),
      }),
      v.object({ claims: v.any(), issuer: v.string(), sub: v.string() }),
      v.object({ resolverContext: v.any() }),
    ]),
  ),
);

/**
 * An AWS AppSync direct Lambda resolver event (`AppSyncResolverEvent`). Narrow `arguments` and `source`
 * for your fields:
 *
 * @example
 * const GetOrder = v.object({ ...AppSyncResolverSchema.entries, arguments: v.object({ id: v.string() }) });
 */
export const AppSyncResolverSchema = v.object({
  arguments: v.record(v.string(), v.any()),
  identity,
  source: v.nullable(v.record(v.string(), v.any())),
  request: v.object({ headers: OptionalStringMapSchema, domainName: v.nullable(v.string()) }),
  info: v.object({
    selectionSetList: v.array(v.string()),
    selectionSetGraphQL: v.string(),
    parentTypeName: v.string(),
    fieldName: v.string(),
    variables: v.record(v.string(), v.any()),
  }),
  prev: v.nullable(v.object({ result: v.record(v.string(), v.any()) })),
  stash: v.record(v.string(), v.any()),
});

/**
 * A batched AppSync resolver event: an array of resolver events.
 *
 * @example
 * const events = parse(input, undefined, AppSyncBatchResolverSchema);
 */
export const AppSyncBatchResolverSchema = v.array(AppSyncResolverSchema);

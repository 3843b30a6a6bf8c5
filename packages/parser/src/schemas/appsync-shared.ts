import { z } from 'zod';
/**
 * Zod schema for the AppSync `identity` of a request signed with IAM.
 *
 * @example
 * AppSyncIamIdentity.parse(event);
 */
export const AppSyncIamIdentity = z.object({
  accountId: z.string(),
  cognitoIdentityPoolId: z.string().nullable(),
  cognitoIdentityId: z.string().nullable(),
  sourceIp: z.array(z.string()),
  username: z.string(),
  userArn: z.string(),
  cognitoIdentityAuthType: z.string().nullable(),
  cognitoIdentityAuthProvider: z.string().nullable(),
});
/**
 * Zod schema for the AppSync `identity` of a Cognito user pool user.
 *
 * @example
 * AppSyncCognitoIdentity.parse(event);
 */
export const AppSyncCognitoIdentity = z.object({
  sub: z.string(),
  issuer: z.string(),
  username: z.string(),
  claims: z.record(z.string(), z.unknown()),
  sourceIp: z.array(z.ipv4()),
  defaultAuthStrategy: z.string().nullable(),
  groups: z.array(z.string()).nullable(),
});
/**
 * Zod schema for the AppSync `identity` of an OpenID Connect user.
 *
 * @example
 * AppSyncOidcIdentity.parse(event);
 */
export const AppSyncOidcIdentity = z.object({
  claims: z.any(),
  issuer: z.string(),
  sub: z.string(),
});

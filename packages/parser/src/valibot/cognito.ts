import * as v from 'valibot';
import { StringMapSchema } from './shared.js';

/** Client metadata and validation data: maps that Cognito may send as null. */
const optionalMap = v.optional(
  v.pipe(
    v.nullable(StringMapSchema),
    v.transform((value) => value ?? undefined),
  ),
);

/** Response fields Cognito sends as null until the function fills them in. */
const nullableString = v.nullable(v.string());

/* @__NO_SIDE_EFFECTS__ */
function trigger<const T extends string, TReq extends v.ObjectEntries, TRes extends v.ObjectEntries>(
  triggerSources: readonly T[],
  request: TReq,
  response: TRes,
) {
  return v.object({
    version: v.string(),
    region: v.string(),
    userPoolId: v.string(),
    triggerSource: v.picklist(triggerSources),
    userName: v.string(),
    callerContext: v.object({ awsSdkVersion: v.string(), clientId: v.string() }),
    request: v.object(request),
    response: v.object(response),
  });
}

const challengeResult = v.object({
  challengeName: v.string(),
  challengeResult: v.boolean(),
  challengeMetadata: v.optional(v.string()),
});

/**
 * The pre sign-up trigger (`PreSignUpTriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, PreSignupTriggerSchema);
 */
export const PreSignupTriggerSchema = trigger(
  ['PreSignUp_SignUp', 'PreSignUp_ExternalProvider', 'PreSignUp_AdminCreateUser'],
  { userAttributes: StringMapSchema, validationData: optionalMap, clientMetadata: optionalMap },
  { autoConfirmUser: v.boolean(), autoVerifyEmail: v.boolean(), autoVerifyPhone: v.boolean() },
);

/**
 * The post confirmation trigger (`PostConfirmationTriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, PostConfirmationTriggerSchema);
 */
export const PostConfirmationTriggerSchema = trigger(
  ['PostConfirmation_ConfirmSignUp', 'PostConfirmation_ConfirmForgotPassword'],
  { userAttributes: StringMapSchema, clientMetadata: optionalMap },
  {},
);

/**
 * The pre authentication trigger (`PreAuthenticationTriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, PreAuthenticationTriggerSchema);
 */
export const PreAuthenticationTriggerSchema = trigger(
  ['PreAuthentication_Authentication'],
  {
    userAttributes: StringMapSchema,
    userNotFound: v.optional(v.boolean()),
    validationData: optionalMap,
    clientMetadata: optionalMap,
  },
  {},
);

/**
 * The post authentication trigger (`PostAuthenticationTriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, PostAuthenticationTriggerSchema);
 */
export const PostAuthenticationTriggerSchema = trigger(
  ['PostAuthentication_Authentication'],
  { userAttributes: StringMapSchema, newDeviceUsed: v.boolean(), clientMetadata: optionalMap },
  {},
);

const tokenSources = [
  'TokenGeneration_HostedAuth',
  'TokenGeneration_Authentication',
  'TokenGeneration_NewPasswordChallenge',
  'TokenGeneration_AuthenticateDevice',
  'TokenGeneration_RefreshTokens',
] as const;

const groupConfiguration = v.object({
  groupsToOverride: v.optional(v.array(v.string())),
  iamRolesToOverride: v.optional(v.array(v.string())),
  preferredRole: v.optional(
    v.pipe(
      v.nullable(v.string()),
      v.transform((value) => value ?? undefined),
    ),
  ),
});

/**
 * The pre token generation trigger, version 1 (`PreTokenGenerationTriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, PreTokenGenerationTriggerSchemaV1);
 */
export const PreTokenGenerationTriggerSchemaV1 = trigger(
  tokenSources,
  { userAttributes: StringMapSchema, groupConfiguration, clientMetadata: optionalMap },
  { claimsOverrideDetails: v.nullable(v.record(v.string(), v.unknown())) },
);

/**
 * The pre token generation trigger, versions 2 and 3 (`PreTokenGenerationV2TriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, PreTokenGenerationTriggerSchemaV2AndV3);
 */
export const PreTokenGenerationTriggerSchemaV2AndV3 = trigger(
  [...tokenSources, 'TokenGeneration_ClientCredentials'],
  {
    userAttributes: StringMapSchema,
    groupConfiguration,
    scopes: v.optional(v.array(v.string())),
    clientMetadata: optionalMap,
  },
  { claimsAndScopeOverrideDetails: v.nullable(v.record(v.string(), v.unknown())) },
);

/**
 * The custom message trigger (`CustomMessageTriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, CustomMessageTriggerSchema);
 */
export const CustomMessageTriggerSchema = trigger(
  [
    'CustomMessage_SignUp',
    'CustomMessage_AdminCreateUser',
    'CustomMessage_ResendCode',
    'CustomMessage_ForgotPassword',
    'CustomMessage_UpdateUserAttribute',
    'CustomMessage_VerifyUserAttribute',
    'CustomMessage_Authentication',
  ],
  {
    userAttributes: StringMapSchema,
    codeParameter: v.string(),
    linkParameter: v.string(),
    usernameParameter: v.nullable(v.string()),
    clientMetadata: optionalMap,
  },
  { smsMessage: nullableString, emailMessage: nullableString, emailSubject: nullableString },
);

/**
 * The user migration trigger (`UserMigrationTriggerEvent`); the response is what the function fills in.
 *
 * @example
 * const event = parse(input, undefined, MigrateUserTriggerSchema);
 */
export const MigrateUserTriggerSchema = trigger(
  ['UserMigration_Authentication', 'UserMigration_ForgotPassword'],
  { password: v.optional(v.string()), validationData: optionalMap, clientMetadata: optionalMap },
  {
    userAttributes: v.nullable(StringMapSchema),
    finalUserStatus: v.optional(v.nullable(v.string())),
    messageAction: v.optional(v.nullable(v.string())),
    desiredDeliveryMediums: v.optional(v.nullable(v.array(v.picklist(['SMS', 'EMAIL'])))),
    forceAliasCreation: v.optional(v.nullable(v.boolean())),
    enableSMSMFA: v.optional(v.nullable(v.boolean())),
  },
);

/**
 * The define auth challenge trigger (`DefineAuthChallengeTriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, DefineAuthChallengeTriggerSchema);
 */
export const DefineAuthChallengeTriggerSchema = trigger(
  ['DefineAuthChallenge_Authentication'],
  {
    userAttributes: StringMapSchema,
    session: v.array(challengeResult),
    userNotFound: v.optional(v.boolean()),
    clientMetadata: optionalMap,
  },
  {
    challengeName: v.optional(v.nullable(v.string())),
    failAuthentication: v.optional(v.nullable(v.boolean())),
    issueTokens: v.optional(v.nullable(v.boolean())),
  },
);

/**
 * The create auth challenge trigger (`CreateAuthChallengeTriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, CreateAuthChallengeTriggerSchema);
 */
export const CreateAuthChallengeTriggerSchema = trigger(
  ['CreateAuthChallenge_Authentication'],
  {
    userAttributes: StringMapSchema,
    challengeName: v.string(),
    session: v.array(challengeResult),
    userNotFound: v.optional(v.boolean()),
    clientMetadata: optionalMap,
  },
  {
    publicChallengeParameters: v.optional(v.nullable(StringMapSchema)),
    privateChallengeParameters: v.optional(v.nullable(StringMapSchema)),
    challengeMetadata: v.optional(v.nullable(v.string())),
  },
);

/**
 * The verify auth challenge response trigger (`VerifyAuthChallengeResponseTriggerEvent`).
 *
 * @example
 * const event = parse(input, undefined, VerifyAuthChallengeTriggerSchema);
 */
export const VerifyAuthChallengeTriggerSchema = trigger(
  ['VerifyAuthChallengeResponse_Authentication'],
  {
    userAttributes: StringMapSchema,
    privateChallengeParameters: StringMapSchema,
    challengeAnswer: v.string(),
    userNotFound: v.optional(v.boolean()),
    clientMetadata: optionalMap,
  },
  { answerCorrect: v.optional(v.nullable(v.boolean())) },
);

const senderRequest = {
  type: v.string(),
  code: v.nullable(v.string()),
  userAttributes: StringMapSchema,
  clientMetadata: optionalMap,
};

/**
 * The custom email sender trigger (`CustomEmailSenderTriggerEvent`); `code` is encrypted with your KMS key.
 *
 * @example
 * const event = parse(input, undefined, CustomEmailSenderTriggerSchema);
 */
export const CustomEmailSenderTriggerSchema = trigger(
  [
    'CustomEmailSender_SignUp',
    'CustomEmailSender_ResendCode',
    'CustomEmailSender_ForgotPassword',
    'CustomEmailSender_UpdateUserAttribute',
    'CustomEmailSender_VerifyUserAttribute',
    'CustomEmailSender_AdminCreateUser',
    'CustomEmailSender_AccountTakeOverNotification',
    'CustomEmailSender_Authentication',
  ],
  senderRequest,
  {},
);

/**
 * The custom SMS sender trigger (`CustomSMSSenderTriggerEvent`); `code` is encrypted with your KMS key.
 *
 * @example
 * const event = parse(input, undefined, CustomSMSSenderTriggerSchema);
 */
export const CustomSMSSenderTriggerSchema = trigger(
  [
    'CustomSMSSender_SignUp',
    'CustomSMSSender_ResendCode',
    'CustomSMSSender_ForgotPassword',
    'CustomSMSSender_UpdateUserAttribute',
    'CustomSMSSender_VerifyUserAttribute',
    'CustomSMSSender_AdminCreateUser',
    'CustomSMSSender_AccountTakeOverNotification',
    'CustomSMSSender_Authentication',
  ],
  senderRequest,
  {},
);

import { z } from 'zod';
/**
 * Base schema including the common parameters for all Cognito trigger events.
 *
 * @example
 * CognitoTriggerBaseSchema.parse(event);
 */
export const CognitoTriggerBaseSchema = z.object({
  version: z.string(),
  triggerSource: z.string(),
  region: z.string(),
  userPoolId: z.string(),
  userName: z.string().optional(),
  callerContext: z.object({
    awsSdkVersion: z.string(),
    clientId: z.string(),
  }),
  request: z.object({}),
  response: z.object({}),
});
/**
 * A zod schema for a Cognito Pre-Signup trigger event.
 *
 * @example
 * PreSignupTriggerSchema.parse(event);
 */
export const PreSignupTriggerSchema = CognitoTriggerBaseSchema.extend({
  triggerSource: z.literal('PreSignUp_SignUp'),
  request: z.object({
    userAttributes: z.record(z.string(), z.string()),
    validationData: z.record(z.string(), z.string()).nullable(),
    clientMetadata: z.record(z.string(), z.string()).optional(),
    userNotFound: z.boolean().optional(),
  }),
  response: z.object({
    autoConfirmUser: z.literal(false),
    autoVerifyEmail: z.literal(false),
    autoVerifyPhone: z.literal(false),
  }),
});
/**
 * A zod schema for a Cognito Post-Confirmation trigger event.
 *
 * @example
 * PostConfirmationTriggerSchema.parse(event);
 */
export const PostConfirmationTriggerSchema = CognitoTriggerBaseSchema.extend({
  triggerSource: z.literal('PostConfirmation_ConfirmSignUp'),
  request: z.object({
    userAttributes: z.record(z.string(), z.string()),
    clientMetadata: z.record(z.string(), z.string()).optional(),
  }),
  response: z.object({}),
});
/**
 * A zod schema for a Cognito Pre-Authentication trigger event.
 *
 * @example
 * PreAuthenticationTriggerSchema.parse(event);
 */
export const PreAuthenticationTriggerSchema = CognitoTriggerBaseSchema.extend({
  triggerSource: z.literal('PreAuthentication_Authentication'),
  request: z.object({
    userAttributes: z.record(z.string(), z.string()),
    validationData: z.record(z.string(), z.string()).optional().nullable(),
    userNotFound: z.boolean().optional(),
  }),
  response: z.object({}),
});
/**
 * A zod schema for a Cognito Post-Authentication trigger event.
 *
 * @example
 * PostAuthenticationTriggerSchema.parse(event);
 */
export const PostAuthenticationTriggerSchema = CognitoTriggerBaseSchema.extend({
  triggerSource: z.literal('PostAuthentication_Authentication'),
  request: z.object({
    userAttributes: z.record(z.string(), z.string()),
    newDeviceUsed: z.boolean().optional(),
    clientMetadata: z.record(z.string(), z.string()).optional(),
  }),
});
/**
 * A zod schema for a Cognito Pre-Token Generation trigger event group configuration.
 *
 * @example
 * PreTokenGenerationTriggerGroupConfigurationSchema.parse(event);
 */
export const PreTokenGenerationTriggerGroupConfigurationSchema = z.object({
  groupsToOverride: z.array(z.string()),
  iamRolesToOverride: z.array(z.string()),
  preferredRole: z.string().nullable(),
});
/**
 * A zod schema for a Cognito Pre-Token Generation trigger event request.
 *
 * @example
 * PreTokenGenerationTriggerRequestSchema.parse(event);
 */
export const PreTokenGenerationTriggerRequestSchema = z.object({
  userAttributes: z.record(z.string(), z.string()),
  groupConfiguration: PreTokenGenerationTriggerGroupConfigurationSchema,
  clientMetadata: z.record(z.string(), z.string()).optional(),
});
/**
 * A zod schema for a Cognito Pre-Token Generation trigger event (version 1).
 *
 * @example
 * PreTokenGenerationTriggerSchemaV1.parse(event);
 */
export const PreTokenGenerationTriggerSchemaV1 = CognitoTriggerBaseSchema.extend({
  request: PreTokenGenerationTriggerRequestSchema,
});
/**
 * A zod schema for a Cognito Pre-Token Generation trigger event (version 2 and 3).
 *
 * @example
 * PreTokenGenerationTriggerSchemaV2AndV3.parse(event);
 */
export const PreTokenGenerationTriggerSchemaV2AndV3 = CognitoTriggerBaseSchema.extend({
  request: PreTokenGenerationTriggerRequestSchema.extend({
    scopes: z.array(z.string()).optional(),
  }),
});
/**
 * A zod schema for a Cognito Migrate User trigger event.
 *
 * @example
 * MigrateUserTriggerSchema.parse(event);
 */
export const MigrateUserTriggerSchema = CognitoTriggerBaseSchema.extend({
  userName: z.string(),
  request: z.object({
    password: z.string(),
    validationData: z.record(z.string(), z.string()).optional(),
    clientMetadata: z.record(z.string(), z.string()).optional(),
  }),
  response: z.object({
    userAttributes: z.record(z.string(), z.string()).nullable(),
    finalUserStatus: z.string().nullable(),
    messageAction: z.string().nullable(),
    desiredDeliveryMediums: z.array(z.string()).nullable(),
    forceAliasCreation: z.boolean().nullable(),
    enableSMSMFA: z.boolean().nullable(),
  }),
});
/**
 * A zod schema for a Cognito Custom Message trigger event.
 *
 * @example
 * CustomMessageTriggerSchema.parse(event);
 */
export const CustomMessageTriggerSchema = CognitoTriggerBaseSchema.extend({
  request: z.object({
    userAttributes: z.record(z.string(), z.string()),
    codeParameter: z.string(),
    linkParameter: z.string().nullable(),
    usernameParameter: z.string().nullable(),
    clientMetadata: z.record(z.string(), z.string()).optional(),
  }),
  response: z.object({
    smsMessage: z.string().nullable(),
    emailMessage: z.string().nullable(),
    emailSubject: z.string().nullable(),
  }),
});
/**
 * A zod schema for a Cognito Custom Email Sender trigger event.
 *
 * @example
 * CustomEmailSenderTriggerSchema.parse(event);
 */
export const CustomEmailSenderTriggerSchema = CognitoTriggerBaseSchema.extend({
  triggerSource: z.literal('CustomEmailSender_SignUp'),
  request: z.object({
    type: z.literal('customEmailSenderRequestV1'),
    code: z.string(),
    clientMetadata: z.record(z.string(), z.string()).optional(),
    userAttributes: z.record(z.string(), z.string()),
  }),
});
/**
 * A zod schema for a Cognito Custom SMS Sender trigger event.
 *
 * @example
 * CustomSMSSenderTriggerSchema.parse(event);
 */
export const CustomSMSSenderTriggerSchema = CognitoTriggerBaseSchema.extend({
  triggerSource: z.literal('CustomSMSSender_SignUp'),
  request: z.object({
    type: z.literal('customSMSSenderRequestV1'),
    code: z.string(),
    clientMetadata: z.record(z.string(), z.string()).optional(),
    userAttributes: z.record(z.string(), z.string()),
  }),
});
/**
 * A zod schema for a Cognito Challenge Result.
 *
 * @example
 * ChallengeResultSchema.parse(event);
 */
export const ChallengeResultSchema = z.object({
  challengeName: z.union([
    z.literal('CUSTOM_CHALLENGE'),
    z.literal('SRP_A'),
    z.literal('PASSWORD_VERIFIER'),
    z.literal('SMS_MFA'),
    z.literal('EMAIL_OTP'),
    z.literal('SOFTWARE_TOKEN_MFA'),
    z.literal('DEVICE_SRP_AUTH'),
    z.literal('DEVICE_PASSWORD_VERIFIER'),
    z.literal('ADMIN_NO_SRP_AUTH'),
  ]),
  challengeResult: z.boolean(),
  challengeMetadata: z.string().optional(),
});
/**
 * A zod schema for a Cognito Define Auth Challenge trigger event.
 *
 * @example
 * DefineAuthChallengeTriggerSchema.parse(event);
 */
export const DefineAuthChallengeTriggerSchema = CognitoTriggerBaseSchema.extend({
  triggerSource: z.literal('DefineAuthChallenge_Authentication'),
  request: z.object({
    userAttributes: z.record(z.string(), z.string()),
    session: z.array(ChallengeResultSchema).min(1),
    clientMetadata: z.record(z.string(), z.string()).optional(),
    userNotFound: z.boolean().optional(),
  }),
  response: z.object({
    challengeName: z.string().nullish(),
    issueTokens: z.boolean().nullish(),
    failAuthentication: z.boolean().nullish(),
  }),
});
/**
 * A zod schema for a Cognito Create Auth Challenge trigger event.
 *
 * @example
 * CreateAuthChallengeTriggerSchema.parse(event);
 */
export const CreateAuthChallengeTriggerSchema = CognitoTriggerBaseSchema.extend({
  triggerSource: z.literal('CreateAuthChallenge_Authentication'),
  request: z.object({
    userAttributes: z.record(z.string(), z.string()),
    challengeName: z.string(),
    session: z.array(ChallengeResultSchema).min(1),
    clientMetadata: z.record(z.string(), z.string()).optional(),
    userNotFound: z.boolean().optional(),
  }),
  response: z.object({
    publicChallengeParameters: z.record(z.string(), z.string()).nullish(),
    privateChallengeParameters: z.record(z.string(), z.string()).nullish(),
    challengeMetadata: z.string().nullish(),
  }),
});
/**
 * A zod schema for a Cognito Verify Auth Challenge Response trigger event.
 *
 * @example
 * VerifyAuthChallengeTriggerSchema.parse(event);
 */
export const VerifyAuthChallengeTriggerSchema = CognitoTriggerBaseSchema.extend({
  triggerSource: z.literal('VerifyAuthChallengeResponse_Authentication'),
  request: z.object({
    userAttributes: z.record(z.string(), z.string()),
    privateChallengeParameters: z.record(z.string(), z.string()),
    challengeAnswer: z.string(),
    clientMetadata: z.record(z.string(), z.string()).optional(),
    userNotFound: z.boolean().optional(),
  }),
  response: z.object({
    answerCorrect: z.boolean(),
  }),
});

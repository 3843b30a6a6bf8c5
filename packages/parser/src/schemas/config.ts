import { z } from 'zod';
import { JSONStringified } from '../helpers/index.js';

/**
 * Zod schema for the `invokingEvent` of an AWS Config rule event, once parsed: the configuration item
 * (or its summary, for an oversized one), or the notification of a periodic evaluation.
 *
 * @example
 * ConfigRuleInvokingEventSchema.parse(JSON.parse(event.invokingEvent));
 */
export const ConfigRuleInvokingEventSchema = z.looseObject({
  messageType: z.string(),
  configurationItem: z.record(z.string(), z.unknown()).optional(),
  configurationItemSummary: z.record(z.string(), z.unknown()).optional(),
  notificationCreationTime: z.string().optional(),
  recordVersion: z.string().optional(),
  awsAccountId: z.string().optional(),
});

/**
 * Zod schema for an AWS Config custom rule event: `invokingEvent` and `ruleParameters` (JSON text)
 * come out parsed, with the envelopes' limits and prototype guard.
 *
 * @example
 * const event = ConfigRuleEventSchema.parse(input); // event.invokingEvent.messageType
 */
export const ConfigRuleEventSchema = z.object({
  invokingEvent: JSONStringified(ConfigRuleInvokingEventSchema),
  ruleParameters: JSONStringified(z.record(z.string(), z.unknown())).optional(),
  resultToken: z.string(),
  eventLeftScope: z.boolean(),
  executionRoleArn: z.string(),
  configRuleArn: z.string(),
  configRuleName: z.string(),
  configRuleId: z.string(),
  accountId: z.string(),
  version: z.string(),
  evaluationMode: z.string().optional(),
});

import { decodeJson } from '../decode/json.js';
import { relocate } from './envelope.js';
import { expectObject, stringField } from './fields.js';
import { definePayloadEnvelope } from './records.js';

/**
 * Unwraps an AWS Config rule event: its `invokingEvent` (JSON text AWS Config writes: the
 * configuration item, or the scheduled notification) is parsed and goes to your schema. The rule's
 * parameters are in the event's `ruleParameters`, or parsed with the `ConfigRuleEventSchema` built-in.
 *
 * @example
 * const change = parse(event, ConfigRuleEnvelope, z.object({ messageType: z.string() }));
 */
export const ConfigRuleEnvelope = /* @__PURE__ */ definePayloadEnvelope('ConfigRuleEnvelope', {
  decode(event, options) {
    const text = stringField(expectObject(event), 'invokingEvent');
    try {
      // AWS Config always writes JSON here, whatever the payload option says.
      return decodeJson(text, [], undefined, options);
    } catch (error) {
      throw relocate(error, ['invokingEvent']);
    }
  },
  payloadPath: ['invokingEvent'],
});

import { ParseError } from '../errors.js';
import { expectObject } from './fields.js';
import { definePayloadEnvelope } from './records.js';

/**
 * Unwraps an EventBridge event: its `detail` (an object already) goes to your schema.
 *
 * @example
 * const order = parse(event, EventBridgeEnvelope, z.object({ orderId: z.string() }));
 */
export const EventBridgeEnvelope = /* @__PURE__ */ definePayloadEnvelope('EventBridgeEnvelope', {
  decode(event) {
    const detail = expectObject(event);
    if (detail.detail === undefined) {
      throw new ParseError({ path: ['detail'], expected: 'a value', received: 'undefined' });
    }
    return detail.detail;
  },
  payloadPath: ['detail'],
});

import * as v from 'valibot';

/**
 * An EventBridge event (`EventBridgeEvent<string, unknown>`). Narrow `detail` (and `detail-type`) for
 * your events:
 *
 * @example
 * const OrderPlaced = v.object({ ...EventBridgeSchema.entries, detail: v.object({ orderId: v.string() }) });
 */
export const EventBridgeSchema = v.object({
  version: v.string(),
  id: v.string(),
  source: v.string(),
  account: v.string(),
  time: v.string(),
  region: v.string(),
  resources: v.array(v.string()),
  'detail-type': v.string(),
  detail: v.unknown(),
  'replay-name': v.optional(v.string()),
});

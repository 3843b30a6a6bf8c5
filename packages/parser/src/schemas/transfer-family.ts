import { z } from 'zod';
/**
 * Zod schema for AWS Transfer Family events.
 *
 * @example
 * TransferFamilySchema.parse(event);
 */
export const TransferFamilySchema = z.object({
  username: z.string(),
  password: z.string(),
  protocol: z.string(),
  serverId: z.string(),
  sourceIp: z.ipv4(),
});

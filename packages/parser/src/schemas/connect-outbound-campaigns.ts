import { z } from 'zod';
/**
 * Zod schema for Amazon Connect Outbound Campaigns customer profile records.
 *
 * @example
 * ConnectOutboundCampaignsCustomerProfileSchema.parse(event);
 */
export const ConnectOutboundCampaignsCustomerProfileSchema = z.object({
  ProfileId: z.string(),
  CustomerData: z.string(),
  IdempotencyToken: z.string(),
});
/**
 * Zod schema for Amazon Connect Outbound Campaigns custom action events.
 *
 * @example
 * ConnectOutboundCampaignsSchema.parse(event);
 */
export const ConnectOutboundCampaignsSchema = z.object({
  InvocationMetadata: z.object({
    CampaignContext: z.object({
      CampaignId: z.string(),
      RunId: z.string(),
      ActionId: z.string(),
      CampaignName: z.string(),
    }),
  }),
  Items: z.object({
    CustomerProfiles: z.array(ConnectOutboundCampaignsCustomerProfileSchema),
  }),
});

import { z } from 'zod';

/**
 * An order as the shop front sends it to the queue. Any Standard Schema library works with
 * @lambkit/batch; this one is zod 4.
 *
 * @example
 * OrderSchema.parse({ orderId: 'o-1', customerId: 'c-1', currency: 'EUR', items: [{ sku: 'MUG-01', quantity: 2, unitPrice: 9.5 }] });
 */
export const OrderSchema = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  currency: z.enum(['EUR', 'USD', 'GBP']),
  items: z
    .array(
      z.object({
        sku: z.string().min(1),
        quantity: z.number().int().positive(),
        unitPrice: z.number().nonnegative(),
      }),
    )
    .min(1),
});

/** A valid order. */
export type Order = z.infer<typeof OrderSchema>;

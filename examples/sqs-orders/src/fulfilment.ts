import type { Order } from './order.js';

/** What fulfilling an order produced. */
export interface Fulfilment {
  orderId: string;
  total: number;
  currency: Order['currency'];
  itemCount: number;
}

/** An order names a product the shop no longer sells: retrying will not help, so it ends in the DLQ. */
export class DiscontinuedProductError extends Error {
  override readonly name = 'DiscontinuedProductError';
  constructor(
    readonly orderId: string,
    readonly sku: string,
  ) {
    super(`Order ${orderId} names product ${sku}, which is discontinued`);
  }
}

/**
 * Products no longer sold. A real shop reads this from its catalogue (a table, an API); the example
 * keeps it in the module so that it runs anywhere.
 */
const DISCONTINUED_SKUS: ReadonlySet<string> = new Set(['LAMP-07', 'VASE-12']);

/**
 * Fulfils one order: refuses discontinued products and computes the total in cents
 * (integers, so 0.1 + 0.2 does not become 0.30000000000000004).
 *
 * @example
 * fulfilOrder({ orderId: 'o-1', customerId: 'c-1', currency: 'EUR', items: [{ sku: 'MUG-01', quantity: 2, unitPrice: 9.5 }] });
 * // { orderId: 'o-1', total: 19, currency: 'EUR', itemCount: 2 }
 */
export function fulfilOrder(order: Order): Fulfilment {
  let cents = 0;
  let itemCount = 0;
  for (const item of order.items) {
    if (DISCONTINUED_SKUS.has(item.sku)) throw new DiscontinuedProductError(order.orderId, item.sku);
    cents += Math.round(item.unitPrice * 100) * item.quantity;
    itemCount += item.quantity;
  }
  return { orderId: order.orderId, total: cents / 100, currency: order.currency, itemCount };
}

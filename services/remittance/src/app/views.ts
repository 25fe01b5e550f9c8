import type { Order, OrderCounts } from '../domain/entities';

/** An order as the API shows it: the row and its recipients' counts. */
export interface OrderView {
  order: Order;
  counts: OrderCounts;
}

export type { Order, Recipient, Transfer, Reversal, DepositRefund, Scope } from '../domain/entities';

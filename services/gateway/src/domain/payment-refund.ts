/** A konbini refund: a one-recipient remittance to the payment's customer (docs/reference/remittance.md#konbini-refunds). */
export interface PaymentRefund {
  id: string;
  payment_id: string;
  merchant_id: string;
  livemode: boolean;
  amount: number;
  order_id: string;
  recipient_id: string;
  created_at: Date;
}

/** What is left to refund of a payment, given the refunds so far. */
export function refundable(paymentAmount: number, refunds: Pick<PaymentRefund, 'amount'>[]): number {
  return paymentAmount - refunds.reduce((s, r) => s + r.amount, 0);
}

/**
 * Billable items the remittance service records for the fees service to
 * charge (excluding tax). The amounts are those of
 * docs/reference/fees-and-settlement.md#remittance-fees — change them there
 * and here together.
 */
export const FEES = {
  /** per transfer attempt to a recipient, charged even when it fails */
  remittance_transfer: 500,
  /** reversal (組戻し) of a sent transfer */
  reversal: 800,
  /** refund of the deposit to the merchant */
  deposit_refund: 400,
} as const;

export type BillableKind = keyof typeof FEES;

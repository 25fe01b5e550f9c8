/**
 * What the remittance service reports for the fees service to charge: the
 * cause only (a transfer attempt to a recipient, failed ones included; a
 * reversal; a deposit refund), never an amount — the amounts are the fees
 * service's (docs/reference/fees-and-settlement.md#remittance-fees).
 */
export type BillableKind = 'remittance_transfer' | 'reversal' | 'deposit_refund';

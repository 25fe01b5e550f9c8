import type { UnattributedDepositRecord } from '../domain/records';
import type { Tx } from './tx';

/** What a partner sent, as received: the record of every verified partner request. */
export interface InboundRequest {
  partner: string;
  eventId: string;
  kind: string;
  bodyHash: string;
  body: Record<string, unknown>;
  signedAt: Date;
  receivedAt: Date;
  /** what Kessai noticed about it, e.g. `unrecognised_payment_number` (docs/events.md) */
  flags?: string[];
}

export async function recordInboundRequest(tx: Tx, r: InboundRequest): Promise<void> {
  await tx.query(
    `INSERT INTO inbound_requests (partner, event_id, kind, body_hash, body, signed_at, received_at, flags) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.partner, r.eventId, r.kind, r.bodyHash, JSON.stringify(r.body), r.signedAt, r.receivedAt, r.flags ?? []],
  );
}

export interface NewDeposit {
  id: string;
  partner: string;
  partnerEventId: string;
  livemode: boolean;
  virtualAccountNumber: string;
  /** null: no merchant owns the account number (recorded, reported, not credited) */
  merchantId: string | null;
  amount: number;
  bankReference: string;
  payerNameKana: string;
  receivedAt: Date;
  recordedAt: Date;
  /** the chain whose settlement account it is (then merchantId is null and it is no unattributed deposit) */
  storeChain?: string | null;
  /** the bank's business date of arrival, when the bank said */
  businessDate?: string | null;
  ediInfo?: string;
}

export async function insertDeposit(tx: Tx, d: NewDeposit): Promise<void> {
  await tx.query(
    `INSERT INTO deposits (id, partner, partner_event_id, livemode, virtual_account_number, merchant_id, amount, bank_reference, payer_name_kana, received_at, recorded_at,
                           store_chain, business_date, edi_info)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      d.id, d.partner, d.partnerEventId, d.livemode, d.virtualAccountNumber, d.merchantId, d.amount, d.bankReference, d.payerNameKana, d.receivedAt, d.recordedAt,
      d.storeChain ?? null, d.businessDate ?? null, d.ediInfo ?? '',
    ],
  );
}

/** Deposits no merchant owns, newest first, at most `limit`. */
export async function listUnattributedDeposits(tx: Tx, livemode: boolean, limit: number): Promise<UnattributedDepositRecord[]> {
  return tx.query(
    `SELECT id, partner, virtual_account_number, amount, livemode, bank_reference, received_at FROM deposits
      WHERE merchant_id IS NULL AND store_chain IS NULL AND livemode = $1 ORDER BY recorded_at DESC LIMIT $2`,
    [livemode, limit],
  );
}

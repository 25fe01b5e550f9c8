import { webhookV1 } from '@kessai/contracts';
import { DataSource, UnaryHandlers, yenFromDb } from '@kessai/platform';

/** Operators' view of what partners sent: deposits no merchant owns. */
export function inboundHandlers(db: DataSource): UnaryHandlers<typeof webhookV1.InboundServiceService> {
  return {
    async listUnattributedDeposits(req) {
      const rows: { id: string; partner: string; virtual_account_number: string; amount: string; livemode: boolean; bank_reference: string; received_at: Date }[] =
        await db.query(
          `SELECT id, partner, virtual_account_number, amount, livemode, bank_reference, received_at FROM deposits
            WHERE merchant_id IS NULL AND livemode = $1 ORDER BY recorded_at DESC LIMIT 500`,
          [req.livemode],
        );
      return {
        deposits: rows.map((r) => ({
          depositId: r.id,
          partner: r.partner,
          virtualAccountNumber: r.virtual_account_number,
          amount: yenFromDb(r.amount),
          livemode: r.livemode,
          bankReference: r.bank_reference,
          receivedAt: r.received_at,
        })),
      };
    },
  };
}

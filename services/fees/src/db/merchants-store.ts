import type { FeePlan, SettlementCycle } from '@kessai/konbini';
import type { Queryable } from './queryable';

export interface MerchantTerms {
  merchantId: string;
  ownerId: string;
  /** the gateway says it has a payout account of its own (a tenant with one is settled on its own statement) */
  ownPayoutAccount?: boolean;
  terms: { feePlan: FeePlan; settlementCycle: SettlementCycle; effectiveFrom: string }[];
}

/** The merchants' contract terms as the gateway last told them (schema `fees`). */
export const merchantsStore = {
  async find(q: Queryable, merchantId: string): Promise<MerchantTerms | null> {
    const rows: { owner_id: string; terms: MerchantTerms['terms'] }[] = await q.query(
      `SELECT m.owner_id,
              coalesce((SELECT json_agg(json_build_object('feePlan', t.fee_plan, 'settlementCycle', t.settlement_cycle, 'effectiveFrom', to_char(t.effective_from, 'YYYY-MM-DD'))
                 ORDER BY t.effective_from) FROM merchant_terms t WHERE t.merchant_id = m.merchant_id), '[]'::json) AS terms
         FROM merchants m WHERE m.merchant_id = $1`,
      [merchantId],
    );
    return rows[0] ? { merchantId, ownerId: rows[0].owner_id, terms: rows[0].terms } : null;
  },

  /**
   * Replaces the merchant's terms with what a newer message says; an older one
   * (events can arrive out of order) changes nothing. True when applied.
   */
  async replace(q: Queryable, m: MerchantTerms, asOf: Date): Promise<boolean> {
    const newer: unknown[] = await q.query(
      `INSERT INTO merchants (merchant_id, owner_id, as_of, own_payout_account) VALUES ($1, $2, $3, $4)
       ON CONFLICT (merchant_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, as_of = EXCLUDED.as_of, own_payout_account = EXCLUDED.own_payout_account
       WHERE merchants.as_of <= EXCLUDED.as_of
       RETURNING 1`,
      [m.merchantId, m.ownerId, asOf, m.ownPayoutAccount ?? false],
    );
    if (newer.length === 0) return false;
    await q.query(`DELETE FROM merchant_terms WHERE merchant_id = $1`, [m.merchantId]);
    for (const t of m.terms) {
      await q.query(`INSERT INTO merchant_terms (merchant_id, effective_from, fee_plan, settlement_cycle) VALUES ($1, $2::date, $3, $4)`, [
        m.merchantId, t.effectiveFrom, t.feePlan, t.settlementCycle,
      ]);
    }
    return true;
  },

  /** Whether the merchant is a tenant of the owner (as the gateway last said). */
  async isTenantOf(q: Queryable, merchantId: string, ownerId: string): Promise<boolean> {
    const rows: unknown[] = await q.query(`SELECT 1 FROM merchants WHERE merchant_id = $1 AND owner_id = $2 AND owner_id <> ''`, [merchantId, ownerId]);
    return rows.length > 0;
  },
};

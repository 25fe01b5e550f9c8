import type { Mismatch, MismatchKind } from '../domain/mismatch';
import type { MismatchView } from '../domain/views';
import { isoDate, type Queryable } from './queryable';

type Row = Record<string, unknown>;

/** The daily mismatch lists, one run per merchant and day. */
export const mismatchesStore = {
  /**
   * Replaces the merchant's list of `runOn` (a rerun of the same morning gives the same list); returns the
   * count of the list it replaced, null on the morning's first run. Call it in a transaction: the run's row
   * is locked until it commits.
   */
  async replaceRun(q: Queryable, r: { livemode: boolean; merchantId: string; runOn: string; now: Date; items: (Mismatch & { id: string; contractId: string })[] }): Promise<number | null> {
    const previous: Row[] = await q.query(
      `SELECT count FROM account_transfer.mismatch_runs WHERE livemode = $1 AND merchant_id = $2 AND run_on = $3 FOR UPDATE`,
      [r.livemode, r.merchantId, r.runOn],
    );
    await q.query(`DELETE FROM account_transfer.mandate_mismatches WHERE livemode = $1 AND merchant_id = $2 AND run_on = $3`, [r.livemode, r.merchantId, r.runOn]);
    await q.query(
      `INSERT INTO account_transfer.mismatch_runs (livemode, merchant_id, run_on, count, created_at) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (livemode, merchant_id, run_on) DO UPDATE SET count = EXCLUDED.count, created_at = EXCLUDED.created_at`,
      [r.livemode, r.merchantId, r.runOn, r.items.length, r.now],
    );
    for (const m of r.items) {
      await q.query(
        `INSERT INTO account_transfer.mandate_mismatches (id, livemode, merchant_id, run_on, contract_id, kind, customer_id, customer_ref, customer_number, master, bank)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
        [m.id, r.livemode, r.merchantId, r.runOn, m.contractId, m.kind, m.customerId, m.customerRef, m.customerNumber, m.master ? JSON.stringify(m.master) : null, m.bank ? JSON.stringify(m.bank) : null],
      );
    }
    return previous[0] ? Number(previous[0].count) : null;
  },

  async latestRun(q: Queryable, livemode: boolean, merchantId: string): Promise<string | null> {
    const rows: Row[] = await q.query(`SELECT run_on FROM account_transfer.mismatch_runs WHERE livemode = $1 AND merchant_id = $2 ORDER BY run_on DESC LIMIT 1`, [livemode, merchantId]);
    return rows[0] ? isoDate(rows[0].run_on) : null;
  },

  async list(q: Queryable, f: { livemode: boolean; merchantId: string; runOn: string; limit: number; afterId?: string }): Promise<MismatchView[]> {
    const rows: Row[] = await q.query(
      `SELECT * FROM account_transfer.mandate_mismatches WHERE livemode = $1 AND merchant_id = $2 AND run_on = $3 AND ($5::text IS NULL OR id > $5) ORDER BY id LIMIT $4`,
      [f.livemode, f.merchantId, f.runOn, f.limit, f.afterId ?? null],
    );
    return rows.map((r) => ({
      id: r.id as string, runOn: isoDate(r.run_on), contractId: r.contract_id as string, kind: r.kind as MismatchKind, customerId: r.customer_id as string,
      customerRef: r.customer_ref as string, customerNumber: r.customer_number as string, master: (r.master as Record<string, string> | null) ?? null, bank: (r.bank as Record<string, string> | null) ?? null,
    }));
  },
};

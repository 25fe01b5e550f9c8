import type { Difference } from '../domain/reconciliation';
import type { Queryable } from './queryable';

export interface RunRow {
  id: string;
  livemode: boolean;
  day: string;
  status: 'clean' | 'differences';
  differenceCount: number;
  bankMovements: number;
  ledgerEntries: number;
  matched: number;
  bankTotal: number;
  ledgerTotal: number;
  reconciledAt: Date;
}

export interface DifferenceRow extends Difference {
  id: string;
  runId: string;
  livemode: boolean;
  day: string;
  seq: number;
}

const RUN_COLS = `id, livemode, to_char(day, 'YYYY-MM-DD') AS day, status, difference_count AS "differenceCount", bank_movements AS "bankMovements",
  ledger_entries AS "ledgerEntries", matched, bank_total::float8 AS "bankTotal", ledger_total::float8 AS "ledgerTotal", reconciled_at AS "reconciledAt"`;
const DIFF_COLS = `id, run_id AS "runId", livemode, to_char(day, 'YYYY-MM-DD') AS day, seq, category, kind, bank_amount::float8 AS "bankAmount", bank_reference AS "bankReference",
  ledger_amount::float8 AS "ledgerAmount", ledger_reference AS "ledgerReference", service_amount::float8 AS "serviceAmount", service_reference AS "serviceReference", cause`;

export interface DifferenceFilter {
  livemode: boolean;
  fromDay?: string;
  toDay?: string;
  category?: string;
  kind?: string;
  /** the position after the previous page: (day, seq) */
  after?: { day: string; seq: number };
  limit: number;
}

/** Reconciliation results (schema `fees`). */
export const reconciliationStore = {
  /** Replaces the day's result (the differences go with the old run), in the caller's transaction. */
  async replace(q: Queryable, run: RunRow, differences: DifferenceRow[]): Promise<void> {
    // two replicas (the job and an operator's rerun) replacing the same day wait for each other; the last one wins
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('fees.reconciliation:' || $1::text || ':' || $2::text))`, [run.livemode, run.day]);
    await q.query(`DELETE FROM reconciliation_runs WHERE livemode = $1 AND day = $2::date`, [run.livemode, run.day]);
    await q.query(
      `INSERT INTO reconciliation_runs (id, livemode, day, status, difference_count, bank_movements, ledger_entries, matched, bank_total, ledger_total, reconciled_at)
       VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [run.id, run.livemode, run.day, run.status, run.differenceCount, run.bankMovements, run.ledgerEntries, run.matched, run.bankTotal, run.ledgerTotal, run.reconciledAt],
    );
    for (const d of differences) {
      await q.query(
        `INSERT INTO reconciliation_differences (id, run_id, livemode, day, seq, category, kind, bank_amount, bank_reference, ledger_amount, ledger_reference, service_amount, service_reference, cause)
         VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [d.id, d.runId, d.livemode, d.day, d.seq, d.category, d.kind, d.bankAmount, d.bankReference, d.ledgerAmount, d.ledgerReference, d.serviceAmount, d.serviceReference, d.cause],
      );
    }
  },

  async run(q: Queryable, livemode: boolean, day: string): Promise<RunRow | null> {
    const rows: RunRow[] = await q.query(`SELECT ${RUN_COLS} FROM reconciliation_runs WHERE livemode = $1 AND day = $2::date`, [livemode, day]);
    return rows[0] ?? null;
  },

  /** The newest reconciled day's run of a mode (the gauge). */
  async latest(q: Queryable, livemode: boolean): Promise<RunRow | null> {
    const rows: RunRow[] = await q.query(`SELECT ${RUN_COLS} FROM reconciliation_runs WHERE livemode = $1 ORDER BY day DESC LIMIT 1`, [livemode]);
    return rows[0] ?? null;
  },

  async differencesOfRun(q: Queryable, runId: string): Promise<DifferenceRow[]> {
    return q.query(`SELECT ${DIFF_COLS} FROM reconciliation_differences WHERE run_id = $1 ORDER BY seq`, [runId]);
  },

  /** Newest day first, then in the order found. */
  async differences(q: Queryable, f: DifferenceFilter): Promise<DifferenceRow[]> {
    return q.query(
      `SELECT ${DIFF_COLS} FROM reconciliation_differences
        WHERE livemode = $1 AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)
          AND ($4::text IS NULL OR category = $4) AND ($5::text IS NULL OR kind = $5)
          AND ($6::date IS NULL OR day < $6::date OR (day = $6::date AND seq > $7))
        ORDER BY day DESC, seq LIMIT $8`,
      [f.livemode, f.fromDay ?? null, f.toDay ?? null, f.category ?? null, f.kind ?? null, f.after?.day ?? null, f.after?.seq ?? 0, f.limit],
    );
  },
};

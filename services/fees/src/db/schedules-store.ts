import type { ScheduleChange } from '../domain/schedule';
import type { Queryable } from './queryable';

/** Fee schedule changes per merchant (schema `fees`). */
export const schedulesStore = {
  async list(q: Queryable, merchantId: string): Promise<ScheduleChange[]> {
    const rows: { effective_from: string; amounts: ScheduleChange['amounts'] }[] = await q.query(
      `SELECT to_char(effective_from, 'YYYY-MM-DD') AS effective_from, amounts FROM fee_schedules WHERE merchant_id = $1 ORDER BY effective_from`,
      [merchantId],
    );
    return rows.map((r) => ({ effectiveFrom: r.effective_from, amounts: r.amounts }));
  },

  /** Records a change; a second change from the same date adds to (and overrides) the first's amounts. */
  async upsert(q: Queryable, merchantId: string, change: ScheduleChange, at: Date): Promise<void> {
    await q.query(
      `INSERT INTO fee_schedules (merchant_id, effective_from, amounts, created_at) VALUES ($1, $2::date, $3::jsonb, $4)
       ON CONFLICT (merchant_id, effective_from) DO UPDATE SET amounts = fee_schedules.amounts || EXCLUDED.amounts`,
      [merchantId, change.effectiveFrom, JSON.stringify(change.amounts), at],
    );
  },
};

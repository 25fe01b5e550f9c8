import { yenFromDb } from '@kessai/platform';
import type { Entry } from '../domain/entries';
import type { Queryable } from './queryable';

/** Reads of balances and account histories (the write path is LedgerStore). */
export const balancesStore = {
  /** Total and held now, exact: the compacted total plus pending deltas, in one statement (one snapshot). */
  async current(q: Queryable, account: string): Promise<{ total: number; held: number }> {
    const rows = await q.query(
      `SELECT a.total + coalesce((SELECT sum(amount) FROM ledger.balance_deltas d WHERE d.account_id = a.id), 0) AS total, a.held
         FROM ledger.accounts a WHERE a.id = $1`,
      [account],
    );
    return rows.length ? { total: yenFromDb(rows[0].total), held: yenFromDb(rows[0].held) } : { total: 0, held: 0 };
  },

  /** Total and held at an instant, summed from the postings and hold movements up to it. */
  async asOf(q: Queryable, account: string, at: Date): Promise<{ total: number; held: number }> {
    const [row] = await q.query(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM ledger.postings WHERE account_id = $1 AND posted_at <= $2) AS total,
              (SELECT coalesce(sum(CASE kind WHEN 'created' THEN amount ELSE -amount END), 0)
                 FROM ledger.hold_movements WHERE account_id = $1 AND at <= $2) AS held`,
      [account, at.toISOString()],
    );
    return { total: yenFromDb(row.total), held: yenFromDb(row.held) };
  },

  /** Up to `limit` postings of the account, newest first, after the posting sequence `before`. */
  async entries(q: Queryable, account: string, before: bigint | null, limit: number): Promise<(Entry & { seq: string })[]> {
    const rows = await q.query(
      `SELECT p.id, p.transaction_id, p.amount, p.posted_at, t.kind, t.description, t.metadata
         FROM ledger.postings p JOIN ledger.transactions t ON t.id = p.transaction_id
        WHERE p.account_id = $1 AND ($2::bigint IS NULL OR p.id < $2)
        ORDER BY p.id DESC LIMIT $3`,
      [account, before === null ? null : before.toString(), limit],
    );
    return rows.map((r: Record<string, unknown>) => ({
      seq: String(r.id),
      postingId: `pst_${r.id as string}`,
      transactionId: r.transaction_id as string,
      amount: yenFromDb(r.amount as string),
      kind: r.kind as string,
      description: r.description as string,
      postedAt: new Date(r.posted_at as string),
      metadata: r.metadata as Record<string, string>,
    }));
  },
};

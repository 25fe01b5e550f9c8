import { QueryRunner, yenFromDb } from '@kessai/platform';
import { accountId, PLATFORM_OWNER } from '../domain/accounts';
import type { StoreSettlement } from '../domain/store-settlement';
import type { Queryable } from './queryable';

type Row = Record<string, unknown>;
const rows = async (q: QueryRunner, sql: string, params: unknown[]): Promise<Row[]> => (await q.query(sql, params, true)).records as Row[];

/** SQL of the store chains' settlements (ledger.store_settlements). */
export const settlementsStore = {
  /** Serialises the bookings of one chain's week (what earlier transfers brought must be seen). */
  async lockWeek(q: QueryRunner, livemode: boolean, chain: string, from: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ledger.store_settlement:${livemode}:${chain}:${from}`]);
  },

  /** Confirmed collections at `chain` booked in the week (Tokyo dates), as the store receivable saw them. */
  async confirmedInWeek(q: QueryRunner, livemode: boolean, chain: string, from: string, to: string): Promise<number> {
    const receivable = accountId({ livemode, ownerId: PLATFORM_OWNER, type: 'platform_store_receivable' });
    const [r] = await rows(
      q,
      `SELECT COALESCE(sum(-p.amount), 0)::text AS total
         FROM ledger.transactions t JOIN ledger.postings p ON p.transaction_id = t.id AND p.account_id = $3
        WHERE t.kind = 'collection.confirmed' AND t.livemode = $1 AND t.metadata->>'chain' = $2
          AND t.posted_at >= ($4::date::timestamp AT TIME ZONE 'Asia/Tokyo')
          AND t.posted_at < (($5::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo')`,
      [livemode, chain, receivable, from, to],
    );
    return yenFromDb(r.total as string);
  },

  /** What earlier transfers for the week brought. */
  async receivedForWeek(q: QueryRunner, livemode: boolean, chain: string, from: string): Promise<number> {
    const [r] = await rows(q, `SELECT COALESCE(sum(amount), 0)::text AS total FROM ledger.store_settlements WHERE livemode = $1 AND chain = $2 AND period_from = $3`, [livemode, chain, from]);
    return yenFromDb(r.total as string);
  },

  /** Records a booked settlement once (a repeat of the same partner event changes nothing); true when new. */
  async insert(q: QueryRunner, s: StoreSettlement): Promise<boolean> {
    const r = await rows(
      q,
      `INSERT INTO ledger.store_settlements (id, livemode, chain, period_from, period_to, amount, expected, difference, status, transaction_id, deposit_id, partner, partner_event_id, received_on, edi_info, booked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (livemode, partner, partner_event_id) DO NOTHING RETURNING id`,
      [s.id, s.livemode, s.chain, s.period?.from ?? null, s.period?.to ?? null, s.amount, s.expected, s.difference, s.status, s.transactionId, s.depositId, s.partner, s.partnerEventId, s.receivedOn, s.ediInfo, s.bookedAt],
    );
    return r.length === 1;
  },

  /** Newest first, after the cursor `beforeSeq`; at most `limit` (with their sequence, for the next cursor). */
  async list(q: Queryable, f: { livemode: boolean; chain: string; flaggedOnly: boolean; beforeSeq: bigint | null; limit: number }): Promise<(StoreSettlement & { seq: string })[]> {
    const found: Row[] = await q.query(
      `SELECT seq::text, id, livemode, chain, period_from::text, period_to::text, amount::text, expected::text, difference::text, status, transaction_id, deposit_id,
              partner, partner_event_id, received_on::text, edi_info, booked_at
         FROM ledger.store_settlements
        WHERE livemode = $1 AND ($2 = '' OR chain = $2) AND (NOT $3 OR status <> 'matched') AND ($4::bigint IS NULL OR seq < $4::bigint)
        ORDER BY seq DESC LIMIT $5`,
      [f.livemode, f.chain, f.flaggedOnly, f.beforeSeq === null ? null : f.beforeSeq.toString(), f.limit],
    );
    return found.map((r) => ({
      seq: r.seq as string,
      id: r.id as string,
      livemode: r.livemode as boolean,
      chain: r.chain as string,
      period: r.period_from ? { from: r.period_from as string, to: r.period_to as string } : null,
      amount: yenFromDb(r.amount as string),
      expected: yenFromDb(r.expected as string),
      difference: yenFromDb(r.difference as string),
      status: r.status as StoreSettlement['status'],
      transactionId: r.transaction_id as string,
      depositId: r.deposit_id as string,
      partner: r.partner as string,
      partnerEventId: r.partner_event_id as string,
      receivedOn: (r.received_on as string | null) ?? null,
      ediInfo: r.edi_info as string,
      bookedAt: new Date(r.booked_at as string),
    }));
  },
};

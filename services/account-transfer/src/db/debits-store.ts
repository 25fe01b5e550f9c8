import type { DebitStatus } from '../domain/debit';
import type { ResultCode } from '../domain/result-codes';
import type { BatchView, DebitView, ReconciliationItemView } from '../domain/views';
import { returnedRows } from '@kessai/platform';
import { isoDate, type Queryable } from './queryable';

type Row = Record<string, unknown>;

function view(r: Row): DebitView {
  return {
    id: r.id as string, livemode: r.livemode as boolean, merchantId: r.merchant_id as string, customerId: r.customer_id as string, customerRef: r.customer_ref as string,
    mandateId: r.mandate_id as string, contractId: r.contract_id as string, amount: Number(r.amount), description: r.description as string, status: r.status as DebitStatus,
    resultCode: r.result_code === null ? null : (Number(r.result_code) as ResultCode), debitedOn: r.debited_on ? isoDate(r.debited_on) : null,
    expectedCreditOn: r.expected_credit_on ? isoDate(r.expected_credit_on) : null, batchId: (r.batch_id as string | null) ?? null,
    batchRow: (r.batch_row as number | null) ?? null, createdAt: r.created_at as Date, completedAt: (r.completed_at as Date | null) ?? null,
  };
}

export interface NewDebit {
  id: string;
  livemode: boolean;
  merchantId: string;
  customerId: string;
  customerRef: string;
  mandateId: string;
  contractId: string;
  amount: number;
  description: string;
  status: 'queued' | 'pending';
  batchId: string | null;
  batchRow: number | null;
  now: Date;
}

export interface DebitFilter {
  livemode: boolean;
  merchantId: string;
  customerId: string;
  createdFrom: string;
  createdTo: string;
  resultCode: number | null;
  amountMin: number;
  amountMax: number;
  status: DebitStatus | null;
  batchId: string;
}

/** What a debit needs to be sent: the customer's account, the mandate's number and the contract's requester code. */
export interface DebitToSend extends DebitView {
  partner: string;
  requesterCode: string;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  holderName: string;
  customerNumber: string;
  mandateStatus: string;
}

/** Debits (single and bulk items), bulk batches and reconciliation items. */
export const debitsStore = {
  async insertMany(q: Queryable, debits: NewDebit[]): Promise<void> {
    for (let i = 0; i < debits.length; i += 500) {
      const chunk = debits.slice(i, i + 500);
      const args: unknown[] = [];
      const values = chunk.map((d) => {
        args.push(d.id, d.livemode, d.merchantId, d.customerId, d.customerRef, d.mandateId, d.contractId, d.amount, d.description, d.status, d.batchId, d.batchRow, d.now);
        const b = args.length - 13;
        return `(${Array.from({ length: 13 }, (_, k) => `$${b + k + 1}`).join(',')})`;
      });
      await q.query(
        `INSERT INTO account_transfer.debits (id, livemode, merchant_id, customer_id, customer_ref, mandate_id, contract_id, amount, description, status, batch_id, batch_row, created_at) VALUES ${values.join(',')}`,
        args,
      );
    }
  },

  async get(q: Queryable, livemode: boolean, merchantId: string, id: string): Promise<DebitView | null> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.debits WHERE id = $1 AND livemode = $2 AND merchant_id = $3`, [id, livemode, merchantId]);
    return rows[0] ? view(rows[0]) : null;
  },

  async byId(q: Queryable, id: string): Promise<DebitView | null> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.debits WHERE id = $1`, [id]);
    return rows[0] ? view(rows[0]) : null;
  },

  /** The debit with everything the bank call needs; locked when asked. */
  async toSend(q: Queryable, id: string, lock = false): Promise<DebitToSend | null> {
    const rows: Row[] = await q.query(
      `SELECT d.*, k.partner, k.requester_code, c.bank_code, c.branch_code, c.account_type, c.account_number, c.holder_name, m.customer_number, m.status AS mandate_status
       FROM account_transfer.debits d JOIN account_transfer.customers c ON c.id = d.customer_id JOIN account_transfer.mandates m ON m.id = d.mandate_id
       JOIN account_transfer.contracts k ON k.id = d.contract_id WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      ...view(r), partner: r.partner as string, requesterCode: r.requester_code as string, bankCode: r.bank_code as string, branchCode: r.branch_code as string,
      accountType: r.account_type as string, accountNumber: r.account_number as string, holderName: r.holder_name as string, customerNumber: r.customer_number as string,
      mandateStatus: r.mandate_status as string,
    };
  },

  async attempts(q: Queryable, id: string): Promise<number | null> {
    const rows: { attempts: number }[] = await q.query(`SELECT attempts FROM account_transfer.debits WHERE id = $1`, [id]);
    return rows[0]?.attempts ?? null;
  },

  async markSending(q: Queryable, id: string): Promise<void> {
    await q.query(`UPDATE account_transfer.debits SET status = 'pending', attempts = attempts + 1 WHERE id = $1`, [id]);
  },

  async markUnknown(q: Queryable, id: string, error: string): Promise<void> {
    await q.query(`UPDATE account_transfer.debits SET status = 'unknown', last_error = $2 WHERE id = $1 AND status IN ('pending', 'unknown')`, [id, error.slice(0, 500)]);
  },

  async noteError(q: Queryable, id: string, error: string): Promise<void> {
    await q.query(`UPDATE account_transfer.debits SET last_error = $2 WHERE id = $1`, [id, error.slice(0, 500)]);
  },

  /** Records the outcome once: false when the debit already had one. */
  async complete(q: Queryable, id: string, o: { status: 'succeeded' | 'failed'; resultCode: ResultCode; debitedOn: string; expectedCreditOn: string | null; now: Date }): Promise<DebitView | null> {
    const rows: Row[] = returnedRows(await q.query(
      `UPDATE account_transfer.debits SET status = $2, result_code = $3, debited_on = $4, expected_credit_on = $5, completed_at = $6, claim_until = NULL
       WHERE id = $1 AND status NOT IN ('succeeded', 'failed') RETURNING *`,
      [id, o.status, o.resultCode, o.debitedOn, o.expectedCreditOn, o.now],
    ));
    return rows[0] ? view(rows[0]) : null;
  },

  /**
   * Claims the next bulk item for `owner` (SKIP LOCKED: two replicas never
   * take the same one); a lapsed claim (a replica died) is taken over.
   */
  async claimNext(q: Queryable, owner: string, now: Date, ttlMs: number): Promise<string | null> {
    const rows: { id: string }[] = returnedRows(await q.query(
      `UPDATE account_transfer.debits SET claimed_by = $1, claim_until = $2
       WHERE id = (SELECT id FROM account_transfer.debits
                   WHERE batch_id IS NOT NULL AND status IN ('queued', 'pending', 'unknown') AND (claim_until IS NULL OR claim_until < $3)
                     AND file_id IS NULL AND contract_id NOT IN (SELECT id FROM account_transfer.contracts WHERE mode = 'file')
                   ORDER BY created_at, batch_row LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [owner, new Date(now.getTime() + ttlMs), now],
    ));
    return rows[0]?.id ?? null;
  },

  async release(q: Queryable, id: string): Promise<void> {
    await q.query(`UPDATE account_transfer.debits SET claimed_by = NULL, claim_until = NULL WHERE id = $1`, [id]);
  },

  /** Single debits left without an outcome (lost answers) older than `before`. */
  async unsettled(q: Queryable, before: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      `SELECT id FROM account_transfer.debits WHERE status IN ('pending', 'unknown') AND batch_id IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.id);
  },

  async list(q: Queryable, f: DebitFilter, limit: number, after?: { createdAt: string; id: string }): Promise<DebitView[]> {
    const args: unknown[] = [f.livemode, f.merchantId, limit];
    const cond: string[] = [];
    const add = (sql: (n: string) => string, v: unknown) => {
      args.push(v);
      cond.push(sql(`$${args.length}`));
    };
    if (f.customerId) add((n) => `customer_id = ${n}`, f.customerId);
    if (f.createdFrom) add((n) => `created_at >= (${n}::date::timestamp AT TIME ZONE 'Asia/Tokyo')`, f.createdFrom);
    if (f.createdTo) add((n) => `created_at < ((${n}::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo')`, f.createdTo);
    if (f.resultCode !== null) add((n) => `result_code = ${n}`, f.resultCode);
    if (f.amountMin > 0) add((n) => `amount >= ${n}`, f.amountMin);
    if (f.amountMax > 0) add((n) => `amount <= ${n}`, f.amountMax);
    if (f.status) add((n) => `status = ${n}`, f.status);
    if (f.batchId) add((n) => `batch_id = ${n}`, f.batchId);
    if (after) {
      args.push(after.createdAt, after.id);
      cond.push(`(created_at, id) < ($${args.length - 1}::timestamptz, $${args.length})`);
    }
    const rows: Row[] = await q.query(
      `SELECT * FROM account_transfer.debits WHERE livemode = $1 AND merchant_id = $2${cond.map((c) => ` AND ${c}`).join('')} ORDER BY created_at DESC, id DESC LIMIT $3`,
      args,
    );
    return rows.map(view);
  },

  async batchItems(q: Queryable, batchId: string, limit: number, afterRow: number): Promise<DebitView[]> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.debits WHERE batch_id = $1 AND batch_row > $3 ORDER BY batch_row LIMIT $2`, [batchId, limit, afterRow]);
    return rows.map(view);
  },

  async insertBatch(q: Queryable, b: { id: string; livemode: boolean; merchantId: string; filename: string; encoding: string; total: number; now: Date }): Promise<void> {
    await q.query(
      `INSERT INTO account_transfer.debit_batches (id, livemode, merchant_id, filename, encoding, status, total, created_at) VALUES ($1,$2,$3,$4,$5,'processing',$6,$7)`,
      [b.id, b.livemode, b.merchantId, b.filename, b.encoding, b.total, b.now],
    );
  },

  async batch(q: Queryable, id: string, scope?: { livemode: boolean; merchantId: string }): Promise<BatchView | null> {
    const rows: Row[] = await q.query(
      `SELECT b.*, s.counts, s.succeeded_amount FROM account_transfer.debit_batches b,
         LATERAL (SELECT COALESCE(jsonb_object_agg(status, n), '{}') AS counts, COALESCE(SUM(amt), 0) AS succeeded_amount
                  FROM (SELECT status, COUNT(*) AS n, SUM(amount) FILTER (WHERE status = 'succeeded') AS amt FROM account_transfer.debits WHERE batch_id = b.id GROUP BY status) g) s
       WHERE b.id = $1 AND ($2::boolean IS NULL OR (b.livemode = $2 AND b.merchant_id = $3))`,
      [id, scope?.livemode ?? null, scope?.merchantId ?? null],
    );
    const r = rows[0];
    if (!r) return null;
    const c = r.counts as Record<string, number>;
    return {
      id: r.id as string, livemode: r.livemode as boolean, merchantId: r.merchant_id as string, filename: r.filename as string, encoding: r.encoding as string,
      status: r.status as BatchView['status'], total: r.total as number,
      counts: { queued: Number(c.queued ?? 0), pending: Number(c.pending ?? 0), unknown: Number(c.unknown ?? 0), succeeded: Number(c.succeeded ?? 0), failed: Number(c.failed ?? 0) },
      succeededAmount: Number(r.succeeded_amount), createdAt: r.created_at as Date, completedAt: (r.completed_at as Date | null) ?? null,
    };
  },

  async listBatches(q: Queryable, f: { livemode: boolean; merchantId: string; limit: number; afterId?: string }): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      `SELECT id FROM account_transfer.debit_batches WHERE livemode = $1 AND merchant_id = $2 AND ($4::text IS NULL OR id < $4) ORDER BY id DESC LIMIT $3`,
      [f.livemode, f.merchantId, f.limit, f.afterId ?? null],
    );
    return rows.map((r) => r.id);
  },

  /**
   * Marks the batch completed once every item has an outcome; true for the
   * caller that did it. Run in the transaction that recorded an item's
   * outcome. The batch row is locked first: without it, two replicas
   * finishing the last two items at once each see the other's item still
   * open (neither has committed) and the batch never completes. Under the
   * lock, the later check starts after the earlier transaction committed.
   */
  async completeBatchIfDone(q: Queryable, id: string, now: Date): Promise<boolean> {
    await q.query(`SELECT 1 FROM account_transfer.debit_batches WHERE id = $1 FOR UPDATE`, [id]);
    const rows: Row[] = returnedRows(await q.query(
      `UPDATE account_transfer.debit_batches b SET status = 'completed', completed_at = $2
       WHERE b.id = $1 AND b.status = 'processing'
         AND NOT EXISTS (SELECT 1 FROM account_transfer.debits d WHERE d.batch_id = b.id AND d.status NOT IN ('succeeded', 'failed'))
       RETURNING id`,
      [id, now],
    ));
    return rows.length > 0;
  },

  async insertReconciliation(q: Queryable, r: { id: string; livemode: boolean; merchantId: string; debitId: string; answeredCode: number; reportedCode: number; reportId: string; now: Date }): Promise<boolean> {
    const rows: Row[] = await q.query(
      `INSERT INTO account_transfer.reconciliation_items (id, livemode, merchant_id, debit_id, answered_code, reported_code, report_id, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (report_id) DO NOTHING RETURNING id`,
      [r.id, r.livemode, r.merchantId, r.debitId, r.answeredCode, r.reportedCode, r.reportId, r.now],
    );
    return rows.length > 0;
  },

  async listReconciliation(q: Queryable, f: { livemode: boolean; merchantId: string; limit: number; afterId?: string }): Promise<ReconciliationItemView[]> {
    const rows: Row[] = await q.query(
      `SELECT * FROM account_transfer.reconciliation_items WHERE livemode = $1 AND merchant_id = $2 AND ($4::text IS NULL OR id < $4) ORDER BY id DESC LIMIT $3`,
      [f.livemode, f.merchantId, f.limit, f.afterId ?? null],
    );
    return rows.map((r) => ({ id: r.id as string, debitId: r.debit_id as string, answeredCode: Number(r.answered_code), reportedCode: Number(r.reported_code), reportId: r.report_id as string, createdAt: r.created_at as Date }));
  },
};

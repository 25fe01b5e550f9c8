import type { DebitToSend } from './debits-store';
import { debitsStore } from './debits-store';
import { isoDate, type Queryable } from './queryable';

export interface DebitFileRow {
  id: string;
  livemode: boolean;
  merchantId: string;
  batchId: string;
  contractId: string;
  partner: string;
  status: 'written' | 'uploaded' | 'completed';
  createdOn: string;
  content: Buffer;
}

/** 口座振替 files of `file`-mode contracts and the bulk items they carry. */
export const debitFilesStore = {
  /** (batch, contract) pairs with queued items under a `file`-mode contract. */
  async due(q: Queryable): Promise<{ batchId: string; contractId: string }[]> {
    const rows: { batch_id: string; contract_id: string }[] = await q.query(
      `SELECT DISTINCT d.batch_id, d.contract_id FROM account_transfer.debits d JOIN account_transfer.contracts k ON k.id = d.contract_id
       WHERE d.status = 'queued' AND d.batch_id IS NOT NULL AND k.mode = 'file'`,
    );
    return rows.map((r) => ({ batchId: r.batch_id, contractId: r.contract_id }));
  },

  /** Locks the queued items of one batch and contract (SKIP LOCKED: one replica writes the file), in file order. */
  async lockItems(q: Queryable, batchId: string, contractId: string): Promise<DebitToSend[]> {
    const rows: { id: string }[] = await q.query(
      `SELECT id FROM account_transfer.debits WHERE batch_id = $1 AND contract_id = $2 AND status = 'queued' ORDER BY batch_row FOR UPDATE SKIP LOCKED`,
      [batchId, contractId],
    );
    const items: DebitToSend[] = [];
    for (const r of rows) items.push((await debitsStore.toSend(q, r.id))!);
    return items;
  },

  async insert(q: Queryable, f: { id: string; livemode: boolean; merchantId: string; batchId: string; contractId: string; createdOn: string; debitDate: string; content: Buffer; now: Date }, items: { id: string; record: number }[]): Promise<void> {
    await q.query(
      `INSERT INTO account_transfer.debit_files (id, livemode, merchant_id, batch_id, contract_id, status, created_on, debit_date, content, created_at) VALUES ($1,$2,$3,$4,$5,'written',$6,$7,$8,$9)`,
      [f.id, f.livemode, f.merchantId, f.batchId, f.contractId, f.createdOn, f.debitDate, f.content, f.now],
    );
    for (const i of items) {
      await q.query(`UPDATE account_transfer.debits SET status = 'pending', attempts = attempts + 1, file_id = $2, file_record = $3 WHERE id = $1`, [i.id, f.id, i.record]);
    }
  },

  async open(q: Queryable): Promise<DebitFileRow[]> {
    const rows: Record<string, unknown>[] = await q.query(
      `SELECT f.*, k.partner FROM account_transfer.debit_files f JOIN account_transfer.contracts k ON k.id = f.contract_id WHERE f.status <> 'completed' ORDER BY f.created_at`,
    );
    return rows.map((r) => ({
      id: r.id as string, livemode: r.livemode as boolean, merchantId: r.merchant_id as string, batchId: r.batch_id as string, contractId: r.contract_id as string,
      partner: r.partner as string, status: r.status as DebitFileRow['status'], createdOn: isoDate(r.created_on), content: r.content as Buffer,
    }));
  },

  async setStatus(q: Queryable, id: string, status: DebitFileRow['status'], now: Date): Promise<void> {
    await q.query(`UPDATE account_transfer.debit_files SET status = $2, completed_at = CASE WHEN $2 = 'completed' THEN $3::timestamptz ELSE completed_at END WHERE id = $1`, [id, status, now]);
  },

  async itemAt(q: Queryable, fileId: string, record: number): Promise<{ id: string; customerId: string } | null> {
    const rows: { id: string; customer_id: string }[] = await q.query(`SELECT id, customer_id FROM account_transfer.debits WHERE file_id = $1 AND file_record = $2`, [fileId, record]);
    return rows[0] ? { id: rows[0].id, customerId: rows[0].customer_id } : null;
  },
};

import { returnedRows, yenFromDb } from '@kessai/platform';
import type { Transfer, TransferFileRow } from '../domain/entities';
import type { TransferStatus } from '../domain/types';
import type { Queryable } from './queryable';

interface TransferRow {
  id: string;
  livemode: boolean;
  merchant_id: string;
  purpose: Transfer['purpose'];
  status: TransferStatus;
  account: Transfer['account'];
  amount: string;
  execution_date: string;
  bank_reference: string;
  source_account: string;
  file_id: string | null;
  record_number: number | null;
  hold_id: string | null;
  reference: string;
  order_id: string | null;
  recipient_id: string | null;
  failure_code: string;
  created_at: Date;
  sent_at: Date | null;
  settled_at: Date | null;
}

const COLUMNS = `id, livemode, merchant_id, purpose, status, account, amount, to_char(execution_date, 'YYYY-MM-DD') AS execution_date, bank_reference,
  source_account, file_id, record_number, hold_id, reference, order_id, recipient_id, failure_code, created_at, sent_at, settled_at`;

function fromRow(r: TransferRow): Transfer {
  return {
    id: r.id,
    livemode: r.livemode,
    merchantId: r.merchant_id,
    purpose: r.purpose,
    status: r.status,
    account: r.account,
    amount: yenFromDb(r.amount),
    executionDate: r.execution_date,
    bankReference: r.bank_reference,
    sourceAccount: r.source_account,
    fileId: r.file_id,
    recordNumber: r.record_number,
    holdId: r.hold_id,
    reference: r.reference,
    orderId: r.order_id,
    recipientId: r.recipient_id,
    failureCode: r.failure_code,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    settledAt: r.settled_at,
  };
}

interface FileRow {
  id: string;
  livemode: boolean;
  source_account: string;
  execution_date: string;
  status: TransferFileRow['status'];
  record_count: number;
  total_amount: string;
  content: Buffer;
  upload_attempts: number;
  built_at: Date;
  sent_at: Date | null;
}

const FILE_COLUMNS = `id, livemode, source_account, to_char(execution_date, 'YYYY-MM-DD') AS execution_date, status, record_count, total_amount, content,
  upload_attempts, built_at, sent_at`;

function fileFromRow(r: FileRow): TransferFileRow {
  return {
    id: r.id,
    livemode: r.livemode,
    sourceAccount: r.source_account,
    executionDate: r.execution_date,
    status: r.status,
    recordCount: r.record_count,
    totalAmount: yenFromDb(r.total_amount),
    content: r.content,
    uploadAttempts: r.upload_attempts,
    builtAt: r.built_at,
    sentAt: r.sent_at,
  };
}

/** Transfers and their daily files: all the SQL on remittance.transfers and remittance.transfer_files. */
export const transfersStore = {
  async nextBankReferenceSeq(q: Queryable): Promise<number> {
    const rows: { n: string }[] = await q.query(`SELECT nextval('remittance.bank_reference_seq')::text AS n`);
    return Number(rows[0].n);
  },

  async insert(q: Queryable, t: Transfer): Promise<void> {
    await q.query(
      `INSERT INTO remittance.transfers (id, livemode, merchant_id, purpose, status, account, amount, execution_date, bank_reference, source_account,
         hold_id, reference, order_id, recipient_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [t.id, t.livemode, t.merchantId, t.purpose, t.status, JSON.stringify(t.account), t.amount, t.executionDate, t.bankReference, t.sourceAccount, t.holdId, t.reference, t.orderId, t.recipientId, t.createdAt],
    );
  },

  async get(q: Queryable, id: string, lock = false): Promise<Transfer | undefined> {
    const rows: TransferRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.transfers WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  },

  /** A bank report names a transfer by Kessai's id or by the 20-digit reference in the file. */
  async byIdOrReference(q: Queryable, idOrReference: string, lock = false): Promise<Transfer | undefined> {
    const rows: TransferRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.transfers WHERE id = $1 OR bank_reference = $1 ${lock ? 'FOR UPDATE' : ''}`, [idOrReference]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  },

  async byFileRecord(q: Queryable, fileId: string, recordNumber: number, lock = false): Promise<Transfer | undefined> {
    const rows: TransferRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.transfers WHERE file_id = $1 AND record_number = $2 ${lock ? 'FOR UPDATE' : ''}`, [fileId, recordNumber]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  },

  /** Transfers of an execution date that went into a file (the daily reconciliation), in id order after `afterId`. */
  async filedOn(q: Queryable, livemode: boolean, executionDate: string, afterId: string, limit: number): Promise<Transfer[]> {
    const rows: TransferRow[] = await q.query(
      `SELECT ${COLUMNS} FROM remittance.transfers
        WHERE livemode = $1 AND execution_date = $2::date AND status IN ('in_file', 'sent', 'succeeded', 'failed', 'reversed') AND id > $3
        ORDER BY id LIMIT $4`,
      [livemode, executionDate, afterId, limit],
    );
    return rows.map(fromRow);
  },

  async save(q: Queryable, t: Transfer): Promise<void> {
    await q.query(
      `UPDATE remittance.transfers SET status = $2, execution_date = $3, file_id = $4, record_number = $5, failure_code = $6, sent_at = $7, settled_at = $8
       WHERE id = $1`,
      [t.id, t.status, t.executionDate, t.fileId, t.recordNumber, t.failureCode, t.sentAt, t.settledAt],
    );
  },

  /** The (mode, source account, date) groups with scheduled transfers not yet in a file, dates ascending. */
  async unfiledGroups(q: Queryable): Promise<{ livemode: boolean; sourceAccount: string; executionDate: string }[]> {
    const rows: { livemode: boolean; source_account: string; execution_date: string }[] = await q.query(
      `SELECT DISTINCT livemode, source_account, to_char(execution_date, 'YYYY-MM-DD') AS execution_date FROM remittance.transfers WHERE status = 'scheduled' ORDER BY 3, 1, 2`,
    );
    return rows.map((r) => ({ livemode: r.livemode, sourceAccount: r.source_account, executionDate: r.execution_date }));
  },

  async unfiled(q: Queryable, g: { livemode: boolean; sourceAccount: string; executionDate: string }): Promise<Transfer[]> {
    const rows: TransferRow[] = await q.query(
      `SELECT ${COLUMNS} FROM remittance.transfers WHERE status = 'scheduled' AND livemode = $1 AND source_account = $2 AND execution_date = $3::date ORDER BY id FOR UPDATE`,
      [g.livemode, g.sourceAccount, g.executionDate],
    );
    return rows.map(fromRow);
  },

  async moveDate(q: Queryable, ids: string[], executionDate: string): Promise<void> {
    await q.query(`UPDATE remittance.transfers SET execution_date = $2::date WHERE id = ANY($1)`, [ids, executionDate]);
  },

  async ofFile(q: Queryable, fileId: string): Promise<Transfer[]> {
    const rows: TransferRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.transfers WHERE file_id = $1 ORDER BY record_number`, [fileId]);
    return rows.map(fromRow);
  },

  async insertFile(q: Queryable, f: TransferFileRow): Promise<void> {
    await q.query(
      `INSERT INTO remittance.transfer_files (id, livemode, source_account, execution_date, status, record_count, total_amount, content, built_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [f.id, f.livemode, f.sourceAccount, f.executionDate, f.status, f.recordCount, f.totalAmount, f.content, f.builtAt],
    );
  },

  async getFile(q: Queryable, id: string, lock = false): Promise<TransferFileRow | undefined> {
    const rows: FileRow[] = await q.query(`SELECT ${FILE_COLUMNS} FROM remittance.transfer_files WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ? fileFromRow(rows[0]) : undefined;
  },

  /** Files built but not acknowledged by the bank: new ones and those whose upload was interrupted. */
  async filesToUpload(q: Queryable): Promise<string[]> {
    const rows: { id: string }[] = await q.query(`SELECT id FROM remittance.transfer_files WHERE status IN ('built', 'uploading') ORDER BY built_at, id`);
    return rows.map((r) => r.id);
  },

  /** Marks the upload as begun (the intent), before the call to the bank. */
  async markUploading(q: Queryable, id: string, error: string | null = null): Promise<void> {
    await q.query(`UPDATE remittance.transfer_files SET status = 'uploading', upload_attempts = upload_attempts + 1, last_error = $2 WHERE id = $1 AND status <> 'sent'`, [id, error]);
  },

  async recordUploadError(q: Queryable, id: string, error: string): Promise<void> {
    await q.query(`UPDATE remittance.transfer_files SET last_error = $2 WHERE id = $1`, [id, error.slice(0, 500)]);
  },

  /** The bank acknowledged the file; its transfers are sent. Returns false when it already was. */
  async markSent(q: Queryable, id: string, now: Date): Promise<boolean> {
    const r = returnedRows(await q.query(`UPDATE remittance.transfer_files SET status = 'sent', sent_at = $2 WHERE id = $1 AND status <> 'sent' RETURNING id`, [id, now]));
    return r.length > 0;
  },

  /** Retention: an order's transfers keep amount, dates, status, bank and branch; the account number and holder name are blanked. */
  async deletePersonalData(q: Queryable, orderId: string): Promise<number> {
    const rows: unknown[] = await q.query(
      `UPDATE remittance.transfers SET account = account || jsonb_build_object('accountNumber', '', 'holderKana', '')
       WHERE order_id = $1 AND (account->>'accountNumber' <> '' OR account->>'holderKana' <> '') RETURNING id`,
      [orderId],
    );
    return returnedRows(rows).length;
  },
};

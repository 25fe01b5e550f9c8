import type { Sql } from '../db/pool';

/** The direct-debit SQL of the simulator (its schema is on the search path). */

export interface MandateRow {
  requester_code: string;
  customer_number: string;
  bank_code: string;
  branch_code: string;
  account_type: string;
  account_number: string;
  holder_name: string;
  status: 'registered' | 'rejected' | 'cancelled';
  stopped: 'depositor' | 'requester' | null;
  changed_on: string;
}

export interface DebitRow {
  request_id: string;
  request_sha256: string;
  requester_code: string;
  customer_number: string;
  bank_code: string;
  branch_code: string;
  account_type: string;
  account_number: string;
  amount: number;
  result_code: number;
  debited_on: string;
  file_id: string | null;
  record_number: number | null;
  received_count?: number;
}

const MANDATE_COLS = `requester_code, customer_number, bank_code, branch_code, account_type, account_number, holder_name, status, stopped, to_char(changed_on, 'YYYY-MM-DD') AS changed_on`;
const DEBIT_COLS = `request_id, request_sha256, requester_code, customer_number, bank_code, branch_code, account_type, account_number, amount::float8 AS amount, result_code, to_char(debited_on, 'YYYY-MM-DD') AS debited_on, file_id, record_number, received_count`;

export async function upsertMandate(tx: Sql, m: MandateRow): Promise<void> {
  await tx.query(
    `INSERT INTO debit_mandates (requester_code, customer_number, bank_code, branch_code, account_type, account_number, holder_name, status, stopped, changed_on)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
     ON CONFLICT (requester_code, customer_number) DO UPDATE SET bank_code = EXCLUDED.bank_code, branch_code = EXCLUDED.branch_code, account_type = EXCLUDED.account_type,
       account_number = EXCLUDED.account_number, holder_name = EXCLUDED.holder_name, status = EXCLUDED.status, stopped = EXCLUDED.stopped, changed_on = EXCLUDED.changed_on`,
    [m.requester_code, m.customer_number, m.bank_code, m.branch_code, m.account_type, m.account_number, m.holder_name, m.status, m.stopped, m.changed_on],
  );
}

export async function deleteMandate(tx: Sql, requesterCode: string, customerNumber: string): Promise<boolean> {
  return ((await tx.query(`DELETE FROM debit_mandates WHERE requester_code = $1 AND customer_number = $2`, [requesterCode, customerNumber])).rowCount ?? 0) > 0;
}

export async function mandates(tx: Sql, requesterCode?: string): Promise<MandateRow[]> {
  const { rows } = await tx.query<MandateRow>(`SELECT ${MANDATE_COLS} FROM debit_mandates WHERE ($1::text IS NULL OR requester_code = $1) ORDER BY requester_code, customer_number`, [requesterCode ?? null]);
  return rows;
}

/** The requester's mandate for an account (a registered one first). */
export async function mandateFor(tx: Sql, requesterCode: string, bank: string, branch: string, number: string): Promise<MandateRow | undefined> {
  const { rows } = await tx.query<MandateRow>(
    `SELECT ${MANDATE_COLS} FROM debit_mandates WHERE requester_code = $1 AND bank_code = $2 AND branch_code = $3 AND account_number = $4
     ORDER BY (status = 'registered') DESC, changed_on DESC LIMIT 1`,
    [requesterCode, bank, branch, number],
  );
  return rows[0];
}

export async function debit(tx: Sql, requestId: string, forUpdate = false): Promise<DebitRow | undefined> {
  return (await tx.query<DebitRow>(`SELECT ${DEBIT_COLS} FROM debits WHERE request_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [requestId])).rows[0];
}

export async function insertDebit(tx: Sql, d: DebitRow): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO debits (request_id, request_sha256, requester_code, customer_number, bank_code, branch_code, account_type, account_number, amount, result_code, debited_on, file_id, record_number, received_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13, now()) ON CONFLICT (request_id) DO NOTHING`,
    [d.request_id, d.request_sha256, d.requester_code, d.customer_number, d.bank_code, d.branch_code, d.account_type, d.account_number, d.amount, d.result_code, d.debited_on, d.file_id, d.record_number],
  );
  return (rowCount ?? 0) > 0;
}

export async function countResend(tx: Sql, requestId: string): Promise<void> {
  await tx.query(`UPDATE debits SET received_count = received_count + 1 WHERE request_id = $1`, [requestId]);
}

export async function listDebits(tx: Sql): Promise<DebitRow[]> {
  return (await tx.query<DebitRow>(`SELECT ${DEBIT_COLS} FROM debits ORDER BY seq`)).rows;
}

/** Serialises debits of one account (the balance check and the debit are one step). */
export async function lockAccount(tx: Sql, bank: string, branch: string, number: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`debit:${bank}:${branch}:${number}`]);
}

export async function insertDebitFile(tx: Sql, f: { id: string; sha256: string; requesterCode: string; debitDate: string; uploadedOn: string; recordCount: number; resultFile: Buffer }): Promise<void> {
  await tx.query(
    `INSERT INTO debit_files (id, sha256, requester_code, debit_date, uploaded_on, record_count, result_file) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
    [f.id, f.sha256, f.requesterCode, f.debitDate, f.uploadedOn, f.recordCount, f.resultFile],
  );
}

export async function debitFile(tx: Sql, id: string): Promise<{ id: string; sha256: string; requester_code: string; debit_date: string; uploaded_on: string; record_count: number; result_file: Buffer } | undefined> {
  const { rows } = await tx.query(
    `SELECT id, sha256, requester_code, to_char(debit_date, 'YYYY-MM-DD') AS debit_date, to_char(uploaded_on, 'YYYY-MM-DD') AS uploaded_on, record_count, result_file FROM debit_files WHERE id = $1`,
    [id],
  );
  return rows[0];
}

import type { Sql } from './pool';

/** Every SQL statement of the simulator (its schema is on the search path). */

export interface AccountRow {
  bank_code: string;
  branch_code: string;
  account_number: string;
  account_type: string;
  holder_name_kana: string;
  state: 'open' | 'closed';
  balance: number;
  own: boolean;
}

export interface CallbackRow {
  seq: number;
  id: string;
  path: string;
  subject_id: string;
  body: string;
  state: 'pending' | 'held' | 'delivered' | 'gave_up';
  attempts: { at: string; status: number; error?: string }[];
  rounds: number;
  last_body: unknown;
}

export interface DepositRow {
  id: string;
  account_number: string;
  amount: number;
  payer_name_kana: string;
  bank_reference: string;
  /** 金融EDI情報 the payer gave ('' for none) */
  edi_info: string;
  received_at: Date;
}

export interface FileRow {
  id: string;
  sha256: string;
  kind_code: string;
  uploaded_on: string;
  transfer_date: string;
  requester_bank: string;
  requester_branch: string;
  requester_account: string;
  record_count: number;
  total_amount: number;
  status: 'accepted' | 'executed';
  executed_on: string | null;
}

export interface TransferRow {
  file_id: string;
  record_number: number;
  reference: string;
  bank_code: string;
  branch_code: string;
  account_type: string;
  account_number: string;
  payee_name: string;
  amount: number;
  result: 'pending' | 'succeeded' | 'failed';
  failure_code: string | null;
  executed_on: string | null;
  reversed: boolean;
}

export interface ReversalRow {
  request_id: string;
  file_id: string;
  record_number: number;
  reference: string;
  amount: number;
  result: 'accepted' | 'refused';
  reason: string | null;
  decided_on: string;
}

export interface MovementRow {
  seq: number;
  bank_code: string;
  branch_code: string;
  account_number: string;
  kind: 'deposit' | 'transfer' | 'reversal';
  amount: number;
  balance_after: number;
  reference: string;
  counterparty: string;
  file_id: string | null;
  record_number: number | null;
}

// bigint and date columns come back as numbers and YYYY-MM-DD strings
const ACCOUNT_COLS = `bank_code, branch_code, account_number, account_type, holder_name_kana, state, balance::float8 AS balance, own`;
const FILE_COLS = `id, sha256, kind_code, to_char(uploaded_on, 'YYYY-MM-DD') AS uploaded_on, to_char(transfer_date, 'YYYY-MM-DD') AS transfer_date,
  requester_bank, requester_branch, requester_account, record_count, total_amount::float8 AS total_amount, status, to_char(executed_on, 'YYYY-MM-DD') AS executed_on`;
const TRANSFER_COLS = `file_id, record_number, reference, bank_code, branch_code, account_type, account_number, payee_name, amount::float8 AS amount,
  result, failure_code, to_char(executed_on, 'YYYY-MM-DD') AS executed_on, reversed`;
const REVERSAL_COLS = `request_id, file_id, record_number, reference, amount::float8 AS amount, result, reason, to_char(decided_on, 'YYYY-MM-DD') AS decided_on`;

// ---------------------------------------------------------------- settings

export async function getSetting<T>(tx: Sql, key: string): Promise<T | undefined> {
  const { rows } = await tx.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
  return rows[0]?.value;
}

export async function putSetting(tx: Sql, key: string, value: unknown): Promise<void> {
  await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, JSON.stringify(value)]);
}

export async function initSetting(tx: Sql, key: string, value: unknown): Promise<void> {
  await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, JSON.stringify(value)]);
}

/** Locks the business date row (date moves and uploads serialise on it). */
export async function lockBusinessDate(tx: Sql): Promise<string> {
  const { rows } = await tx.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'business_date' FOR UPDATE`);
  return rows[0].value;
}

// ---------------------------------------------------------------- accounts

export async function upsertAccount(tx: Sql, a: AccountRow, onlyIfAbsent = false): Promise<void> {
  await tx.query(
    `INSERT INTO accounts (bank_code, branch_code, account_number, account_type, holder_name_kana, state, balance, own)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (bank_code, branch_code, account_number) DO ${onlyIfAbsent ? 'NOTHING' : 'UPDATE SET account_type = EXCLUDED.account_type, holder_name_kana = EXCLUDED.holder_name_kana, state = EXCLUDED.state, balance = EXCLUDED.balance, own = EXCLUDED.own'}`,
    [a.bank_code, a.branch_code, a.account_number, a.account_type, a.holder_name_kana, a.state, a.balance, a.own],
  );
}

export async function listAccounts(tx: Sql): Promise<AccountRow[]> {
  return (await tx.query<AccountRow>(`SELECT ${ACCOUNT_COLS} FROM accounts ORDER BY own DESC, bank_code, branch_code, account_number`)).rows;
}

export async function findAccount(tx: Sql, bank: string, branch: string, number: string, forUpdate = false): Promise<AccountRow | undefined> {
  const { rows } = await tx.query<AccountRow>(
    `SELECT ${ACCOUNT_COLS} FROM accounts WHERE bank_code = $1 AND branch_code = $2 AND account_number = $3${forUpdate ? ' FOR UPDATE' : ''}`,
    [bank, branch, number],
  );
  return rows[0];
}

/** Kessai's first own account: where virtual-account deposits land. */
export async function collectionAccount(tx: Sql): Promise<AccountRow | undefined> {
  return (await tx.query<AccountRow>(`SELECT ${ACCOUNT_COLS} FROM accounts WHERE own ORDER BY bank_code, branch_code, account_number LIMIT 1 FOR UPDATE`)).rows[0];
}

/** Adds `delta` to a balance and records the movement when the account is one of Kessai's. */
export async function move(
  tx: Sql,
  account: Pick<AccountRow, 'bank_code' | 'branch_code' | 'account_number'>,
  m: { date: string; kind: MovementRow['kind']; delta: number; reference: string; counterparty?: string; fileId?: string; recordNumber?: number },
): Promise<void> {
  const { rows } = await tx.query<{ balance: number; own: boolean }>(
    `UPDATE accounts SET balance = balance + $4 WHERE bank_code = $1 AND branch_code = $2 AND account_number = $3 RETURNING balance::float8 AS balance, own`,
    [account.bank_code, account.branch_code, account.account_number, m.delta],
  );
  if (!rows[0]?.own) return;
  await tx.query(
    `INSERT INTO movements (bank_code, branch_code, account_number, business_date, kind, amount, balance_after, reference, counterparty, file_id, record_number)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [account.bank_code, account.branch_code, account.account_number, m.date, m.kind, m.delta, rows[0].balance, m.reference, m.counterparty ?? '', m.fileId ?? null, m.recordNumber ?? null],
  );
}

export async function movementsOn(tx: Sql, date: string): Promise<MovementRow[]> {
  const { rows } = await tx.query<MovementRow>(
    `SELECT seq::float8 AS seq, bank_code, branch_code, account_number, kind, amount::float8 AS amount, balance_after::float8 AS balance_after, reference, counterparty, file_id, record_number
     FROM movements WHERE business_date = $1 ORDER BY seq`,
    [date],
  );
  return rows;
}

// ---------------------------------------------------------------- callbacks

export async function insertCallback(tx: Sql, c: { id: string; path: string; subjectId: string; body: string; held: boolean }): Promise<void> {
  await tx.query(`INSERT INTO callbacks (id, path, subject_id, body, state) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, [
    c.id, c.path, c.subjectId, c.body, c.held ? 'held' : 'pending',
  ]);
}

const CALLBACK_COLS = `seq::float8 AS seq, id, path, subject_id, body, state, attempts, rounds, last_body`;

export async function getCallback(tx: Sql, id: string): Promise<CallbackRow | undefined> {
  return (await tx.query<CallbackRow>(`SELECT ${CALLBACK_COLS} FROM callbacks WHERE id = $1`, [id])).rows[0];
}

export async function callbacksOf(tx: Sql, subjectIds: string[]): Promise<CallbackRow[]> {
  return (await tx.query<CallbackRow>(`SELECT ${CALLBACK_COLS} FROM callbacks WHERE subject_id = ANY($1) ORDER BY seq`, [subjectIds])).rows;
}

export async function listCallbacks(tx: Sql): Promise<CallbackRow[]> {
  return (await tx.query<CallbackRow>(`SELECT ${CALLBACK_COLS} FROM callbacks ORDER BY seq`)).rows;
}

export async function recordAttempt(tx: Sql, id: string, attempt: CallbackRow['attempts'][number], delivered: boolean, lastBody: unknown): Promise<void> {
  await tx.query(
    `UPDATE callbacks SET attempts = attempts || $2::jsonb, state = CASE WHEN $3 THEN 'delivered' ELSE state END,
       last_body = COALESCE($4::jsonb, last_body) WHERE id = $1`,
    [id, JSON.stringify([attempt]), delivered, lastBody === undefined ? null : JSON.stringify(lastBody)],
  );
}

/** After a round that did not get through: the next one after `delayMs`, or given up. */
export async function scheduleRetry(tx: Sql, id: string, delayMs: number | undefined): Promise<void> {
  if (delayMs === undefined) await tx.query(`UPDATE callbacks SET rounds = rounds + 1, state = 'gave_up', next_attempt_at = NULL WHERE id = $1 AND state = 'pending'`, [id]);
  else await tx.query(`UPDATE callbacks SET rounds = rounds + 1, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000) WHERE id = $1 AND state = 'pending'`, [id, delayMs]);
}

export async function dueCallbacks(tx: Sql, limit = 50): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM callbacks WHERE state = 'pending' AND next_attempt_at <= now() ORDER BY seq LIMIT $1`, [limit]);
  return rows.map((r) => r.id);
}

/** At start: callbacks whose creator died before delivering them become due. */
export async function recoverUndelivered(tx: Sql): Promise<number> {
  return (await tx.query(`UPDATE callbacks SET next_attempt_at = now() WHERE state = 'pending' AND next_attempt_at IS NULL`)).rowCount ?? 0;
}

/** Held callbacks, newest first, turned pending (the caller delivers them). */
export async function releaseHeld(tx: Sql): Promise<CallbackRow[]> {
  const { rows } = await tx.query<CallbackRow>(`UPDATE callbacks SET state = 'pending' WHERE state = 'held' RETURNING ${CALLBACK_COLS}`);
  return rows.sort((a, b) => b.seq - a.seq);
}

// ---------------------------------------------------------------- deposits

export async function insertDeposit(tx: Sql, d: DepositRow & { seq: number; business_date: string }): Promise<void> {
  await tx.query(`INSERT INTO deposits (seq, id, account_number, amount, payer_name_kana, bank_reference, received_at, business_date, edi_info) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
    d.seq, d.id, d.account_number, d.amount, d.payer_name_kana, d.bank_reference, d.received_at, d.business_date, d.edi_info,
  ]);
}

export async function nextDepositSeq(tx: Sql): Promise<number> {
  return Number((await tx.query<{ n: string }>(`SELECT nextval(pg_get_serial_sequence('deposits', 'seq')) AS n`)).rows[0].n);
}

export async function listDeposits(tx: Sql, id?: string): Promise<(DepositRow & { business_date: string })[]> {
  const where = id === undefined ? '' : 'WHERE id = $1';
  return (await tx.query<DepositRow & { business_date: string }>(`SELECT id, account_number, amount::float8 AS amount, payer_name_kana, bank_reference, edi_info, received_at, business_date::text AS business_date FROM deposits ${where} ORDER BY seq`, id === undefined ? [] : [id])).rows;
}

// ---------------------------------------------------------------- files and transfers

export async function fileById(tx: Sql, id: string): Promise<FileRow | undefined> {
  return (await tx.query<FileRow>(`SELECT ${FILE_COLS} FROM transfer_files WHERE id = $1`, [id])).rows[0];
}

export async function fileByHash(tx: Sql, sha256: string): Promise<FileRow | undefined> {
  return (await tx.query<FileRow>(`SELECT ${FILE_COLS} FROM transfer_files WHERE sha256 = $1`, [sha256])).rows[0];
}

export async function insertFile(tx: Sql, f: Omit<FileRow, 'status' | 'executed_on'> & { content: Buffer }): Promise<void> {
  await tx.query(
    `INSERT INTO transfer_files (id, sha256, kind_code, uploaded_at, uploaded_on, transfer_date, requester_bank, requester_branch, requester_account, record_count, total_amount, status, content)
     VALUES ($1, $2, $3, now(), $4, $5, $6, $7, $8, $9, $10, 'accepted', $11)`,
    [f.id, f.sha256, f.kind_code, f.uploaded_on, f.transfer_date, f.requester_bank, f.requester_branch, f.requester_account, f.record_count, f.total_amount, f.content],
  );
}

export async function insertTransfer(tx: Sql, t: Omit<TransferRow, 'result' | 'failure_code' | 'executed_on' | 'reversed'>): Promise<void> {
  await tx.query(
    `INSERT INTO transfers (file_id, record_number, reference, bank_code, branch_code, account_type, account_number, payee_name, amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [t.file_id, t.record_number, t.reference, t.bank_code, t.branch_code, t.account_type, t.account_number, t.payee_name, t.amount],
  );
}

export async function existingReferences(tx: Sql, refs: string[]): Promise<Map<string, { file_id: string; record_number: number }>> {
  const { rows } = await tx.query<{ reference: string; file_id: string; record_number: number }>(`SELECT reference, file_id, record_number FROM transfers WHERE reference = ANY($1)`, [refs]);
  return new Map(rows.map((r) => [r.reference, r]));
}

/** Accepted files whose transfer date has come (locked). */
export async function dueFiles(tx: Sql, day: string): Promise<FileRow[]> {
  return (await tx.query<FileRow>(`SELECT ${FILE_COLS} FROM transfer_files WHERE status = 'accepted' AND transfer_date <= $1 ORDER BY uploaded_at FOR UPDATE`, [day])).rows;
}

export async function transfersOf(tx: Sql, fileId: string): Promise<TransferRow[]> {
  return (await tx.query<TransferRow>(`SELECT ${TRANSFER_COLS} FROM transfers WHERE file_id = $1 ORDER BY record_number`, [fileId])).rows;
}

export async function transferAt(tx: Sql, fileId: string, recordNumber: number): Promise<TransferRow | undefined> {
  return (await tx.query<TransferRow>(`SELECT ${TRANSFER_COLS} FROM transfers WHERE file_id = $1 AND record_number = $2 FOR UPDATE`, [fileId, recordNumber])).rows[0];
}

export async function settleTransfer(tx: Sql, t: Pick<TransferRow, 'file_id' | 'record_number'>, result: 'succeeded' | 'failed', failureCode: string | null, day: string): Promise<void> {
  await tx.query(`UPDATE transfers SET result = $3, failure_code = $4, executed_on = $5 WHERE file_id = $1 AND record_number = $2`, [t.file_id, t.record_number, result, failureCode, day]);
}

export async function markFileExecuted(tx: Sql, id: string, day: string): Promise<void> {
  await tx.query(`UPDATE transfer_files SET status = 'executed', executed_on = $2 WHERE id = $1`, [id, day]);
}

export async function markReversed(tx: Sql, t: Pick<TransferRow, 'file_id' | 'record_number'>): Promise<void> {
  await tx.query(`UPDATE transfers SET reversed = true WHERE file_id = $1 AND record_number = $2`, [t.file_id, t.record_number]);
}

// ---------------------------------------------------------------- reversals

export async function reversalById(tx: Sql, requestId: string): Promise<ReversalRow | undefined> {
  return (await tx.query<ReversalRow>(`SELECT ${REVERSAL_COLS} FROM reversals WHERE request_id = $1`, [requestId])).rows[0];
}

export async function acceptedReversalOf(tx: Sql, t: Pick<TransferRow, 'file_id' | 'record_number'>): Promise<ReversalRow | undefined> {
  return (await tx.query<ReversalRow>(`SELECT ${REVERSAL_COLS} FROM reversals WHERE file_id = $1 AND record_number = $2 AND result = 'accepted'`, [t.file_id, t.record_number])).rows[0];
}

export async function insertReversal(tx: Sql, r: ReversalRow): Promise<void> {
  await tx.query(
    `INSERT INTO reversals (request_id, file_id, record_number, reference, amount, result, reason, decided_on, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [r.request_id, r.file_id, r.record_number, r.reference, r.amount, r.result, r.reason, r.decided_on],
  );
}

import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { addCalendarDays, isBankBusinessDay, parseIsoDate } from '@kessai/bank-calendar';
import { readTransferFile, toBankKana, ZenginError, type ZenginIssue } from '@kessai/zengin';
import type { FileDefect, ReversalResult, Statement, StatementAccount, TransferFileReceipt } from '@kessai/partner-bank';
import { CallbackSender } from './callbacks';
import { type Faults, mergeFaults, NO_FAULTS } from './faults';
import { decideTransfer, type FailureRule, parseRules } from './rules';
import { inTransaction, type Sql } from './db/pool';
import * as store from './db/store';
import type { AccountRow, CallbackRow, DepositRow, FileRow, TransferRow } from './db/store';

/** A refusal the HTTP layer answers with `status` and `{ error: { code, message, ... } }`. */
export class BankError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface Seed {
  /** the bank's business date at the very first start (default: today in Tokyo) */
  business_date?: string;
  accounts?: AccountInput[];
  rules?: FailureRule[];
}

export interface AccountInput {
  bank_code: string;
  branch_code: string;
  account_number: string;
  account_type?: string;
  holder_name_kana: string;
  state?: 'open' | 'closed';
  balance?: number;
  own?: boolean;
}

export type ReversalPolicy = 'accept' | 'refuse';

export interface BankOptions {
  partnerUrl: string;
  secret: string;
  retryDelaysMs: readonly number[];
  log: (msg: string, fields?: Record<string, unknown>) => void;
  today: () => string;
}

export interface DepositView extends Omit<DepositRow, 'received_at'> {
  received_at: string;
  business_date: string;
  callback: { state: CallbackRow['state']; attempts: CallbackRow['attempts']; last_body?: unknown };
}

/**
 * The partner bank, as Kessai sees it over the network, with its state in its
 * own Postgres schema and its own business date (see docs/bank-simulator.md):
 * virtual-account deposits, accounts, 総合振込 files executed on the bank's
 * business days, reversals (組戻し) and statements of Kessai's own accounts.
 * Every result goes back to Kessai's webhook service as a signed callback.
 */
export class Bank {
  readonly callbacks: CallbackSender;
  private faultState: Faults = { ...NO_FAULTS };

  constructor(
    private readonly pool: Pool,
    private readonly opts: BankOptions,
  ) {
    this.callbacks = new CallbackSender(pool, { faults: () => this.faultState, consumeFailure: () => this.consumeFailure() }, opts);
  }

  /** Seeds what is not there yet (a restart keeps every balance and setting), then starts the callback retries. */
  async start(seed: Seed): Promise<void> {
    await inTransaction(this.pool, async (tx) => {
      await store.initSetting(tx, 'business_date', seed.business_date ? parseIsoDate(seed.business_date) : this.opts.today());
      await store.initSetting(tx, 'faults', NO_FAULTS);
      await store.initSetting(tx, 'rules', parseRules(seed.rules ?? []));
      await store.initSetting(tx, 'reversal_policy', 'accept');
      for (const a of seed.accounts ?? []) await store.upsertAccount(tx, accountRow(a), true);
      this.faultState = { ...NO_FAULTS, ...((await store.getSetting<Faults>(tx, 'faults')) ?? {}) };
    });
    await this.callbacks.start();
  }

  stop(): void {
    this.callbacks.stop();
  }

  // ------------------------------------------------------------ faults

  faults(): Faults {
    return this.faultState;
  }

  async setFaults(patch: Partial<Faults>): Promise<Faults> {
    return this.saveFaults(mergeFaults(this.faultState, patch));
  }

  async resetFaults(): Promise<Faults> {
    return this.saveFaults({ ...NO_FAULTS });
  }

  private async saveFaults(f: Faults): Promise<Faults> {
    await store.putSetting(this.pool, 'faults', f);
    this.faultState = f;
    return f;
  }

  private async consumeFailure(): Promise<boolean> {
    if (this.faultState.fail_next <= 0) return false;
    await this.saveFaults({ ...this.faultState, fail_next: this.faultState.fail_next - 1 });
    return true;
  }

  // ------------------------------------------------------------ business date

  async businessDate(): Promise<{ date: string; business_day: boolean }> {
    const date = (await store.getSetting<string>(this.pool, 'business_date'))!;
    return { date, business_day: isBankBusinessDay(date) };
  }

  /**
   * Moves the bank's day (to `date`, or `advanceDays` on). Every bank business
   * day passed or reached executes the accepted files due by then; a date
   * moved back executes nothing. Answers after the first callback round.
   */
  async setBusinessDate(to: { date?: string; advanceDays?: number }): Promise<{ date: string; business_day: boolean; executed_files: string[] }> {
    const { executed, date } = await inTransaction(this.pool, async (tx) => {
      const from = await store.lockBusinessDate(tx);
      const target = to.date !== undefined ? parseIsoDate(to.date) : addCalendarDays(from, to.advanceDays ?? 0);
      const files: string[] = [];
      const callbacks: string[] = [];
      for (let day = addCalendarDays(from, 1); day <= target; day = addCalendarDays(day, 1)) {
        if (isBankBusinessDay(day)) files.push(...(await this.executeDue(tx, day, callbacks)));
      }
      await store.putSetting(tx, 'business_date', target);
      return { executed: { files, callbacks }, date: target };
    });
    await this.deliverAll(executed.callbacks);
    return { date, business_day: isBankBusinessDay(date), executed_files: executed.files };
  }

  // ------------------------------------------------------------ accounts and rules

  async accounts(): Promise<AccountRow[]> {
    return store.listAccounts(this.pool);
  }

  async putAccount(a: AccountInput): Promise<AccountRow> {
    const row = accountRow(a);
    await store.upsertAccount(this.pool, row);
    return (await store.findAccount(this.pool, row.bank_code, row.branch_code, row.account_number))!;
  }

  async rules(): Promise<{ rules: FailureRule[]; reversal_policy: ReversalPolicy }> {
    return { rules: (await store.getSetting<FailureRule[]>(this.pool, 'rules')) ?? [], reversal_policy: (await store.getSetting<ReversalPolicy>(this.pool, 'reversal_policy')) ?? 'accept' };
  }

  async setRules(input: { rules?: unknown; reversal_policy?: unknown }): Promise<{ rules: FailureRule[]; reversal_policy: ReversalPolicy }> {
    if (input.rules !== undefined) await store.putSetting(this.pool, 'rules', parseRules(input.rules));
    if (input.reversal_policy !== undefined) {
      if (input.reversal_policy !== 'accept' && input.reversal_policy !== 'refuse') throw new BankError(400, 'invalid_request', 'reversal_policy: accept or refuse');
      await store.putSetting(this.pool, 'reversal_policy', input.reversal_policy);
    }
    return this.rules();
  }

  // ------------------------------------------------------------ deposits

  /**
   * A transfer arrives into (virtual) account `account`, on the bank's business date; the
   * callback (with that date and the payer's EDI information, if any) is sent — awaited when not held.
   */
  async receiveDeposit(account: string, amount: number, payer: string, reference?: string, ediInfo = ''): Promise<DepositView> {
    const id = await inTransaction(this.pool, async (tx) => {
      const seq = await store.nextDepositSeq(tx);
      const date = await store.lockBusinessDate(tx);
      const dep = {
        id: `simdep_${Date.now().toString(36)}${randomBytes(3).toString('hex')}_${seq}`,
        account_number: account,
        amount,
        payer_name_kana: payer,
        bank_reference: reference ?? `SIM${String(seq).padStart(8, '0')}`,
        edi_info: ediInfo,
        received_at: new Date(),
        business_date: date,
      };
      await store.insertDeposit(tx, { ...dep, seq });
      const collection = await store.collectionAccount(tx);
      if (collection) await store.move(tx, collection, { date, kind: 'deposit', delta: amount, reference: dep.bank_reference, counterparty: payer });
      const body = JSON.stringify({
        id: dep.id, type: 'deposit.received', account_number: account, amount, received_at: dep.received_at.toISOString(), bank_reference: dep.bank_reference, payer_name_kana: payer,
        business_date: date, ...(ediInfo ? { edi_info: ediInfo } : {}),
      });
      await store.insertCallback(tx, { id: dep.id, path: 'bank/deposits', subjectId: dep.id, body, held: this.faultState.hold });
      return dep.id;
    });
    await this.callbacks.deliver(id);
    return (await this.deposits(id))[0];
  }

  async deposits(id?: string): Promise<DepositView[]> {
    const rows = await store.listDeposits(this.pool, id);
    const cbs = new Map((await store.callbacksOf(this.pool, rows.map((r) => r.id))).map((c) => [c.subject_id, c]));
    return rows.map((d) => {
      const cb = cbs.get(d.id);
      return {
        ...d,
        received_at: d.received_at.toISOString(),
        callback: { state: cb?.state ?? 'pending', attempts: cb?.attempts ?? [], ...(cb?.last_body !== null && cb?.last_body !== undefined ? { last_body: cb.last_body } : {}) },
      };
    });
  }

  /** Sends a deposit's callback again, as a bank resending would. */
  async resendDeposit(id: string): Promise<DepositView | undefined> {
    const cb = await store.getCallback(this.pool, id);
    if (!cb) return undefined;
    await this.callbacks.send(cb);
    return (await this.deposits(id))[0];
  }

  /** Sends the held callbacks, newest first (out of order). */
  async release(): Promise<string[]> {
    await this.setFaults({ hold: false });
    const held = await store.releaseHeld(this.pool);
    for (const cb of held) await this.callbacks.deliver(cb.id);
    return held.map((c) => c.id);
  }

  async callbackList(): Promise<CallbackRow[]> {
    return store.listCallbacks(this.pool);
  }

  // ------------------------------------------------------------ transfer files

  /**
   * Accepts a 総合振込 file under Kessai's file id, or refuses it whole. The
   * same id with the same bytes answers the first receipt again (`replayed`);
   * the same bytes under another id, or a reference already accepted, is
   * refused: nothing is executed twice. A file due today (a business day) is
   * executed at once.
   */
  async uploadTransferFile(fileId: string, bytes: Buffer): Promise<{ receipt: TransferFileReceipt; replayed: boolean }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const outcome = await inTransaction(this.pool, async (tx) => {
      const today = await store.lockBusinessDate(tx);
      const existing = await store.fileById(tx, fileId);
      if (existing) {
        if (existing.sha256 !== sha256) throw new BankError(409, 'file_id_reused', `file ${fileId} was uploaded with other content`);
        return { replayed: true, callbacks: [] as string[] };
      }
      const same = await store.fileByHash(tx, sha256);
      if (same) throw new BankError(409, 'duplicate_file', `the same file was already uploaded as ${same.id}`, { existing_file_id: same.id });
      const file = parseFile(bytes, today);
      const defects: FileDefect[] = [];
      const h = file.header;
      const requester = await store.findAccount(tx, h.bankCode, h.branchCode, h.accountNumber);
      if (!requester?.own) defects.push({ record: 1, field: 'account_number', code: 'unknown_requester_account', message: `${h.bankCode}-${h.branchCode} ${h.accountNumber} is not an account of the requester at this bank` });
      const seen = await store.existingReferences(tx, file.records.map((r) => r.reference));
      const inFile = new Map<string, number>();
      for (const r of file.records) {
        const before = seen.get(r.reference);
        const earlier = inFile.get(r.reference);
        if (before) defects.push({ record: r.recordNumber, field: 'customer_code', code: 'duplicate_reference', message: `reference ${r.reference} was already accepted (file ${before.file_id}, record ${before.record_number})` });
        else if (earlier !== undefined) defects.push({ record: r.recordNumber, field: 'customer_code', code: 'duplicate_reference', message: `reference ${r.reference} is also in record ${earlier}` });
        inFile.set(r.reference, r.recordNumber);
      }
      if (defects.length > 0) throw invalidFile(defects);
      await store.insertFile(tx, {
        id: fileId, sha256, kind_code: h.kindCode, uploaded_on: today, transfer_date: h.transferDate, requester_bank: h.bankCode, requester_branch: h.branchCode,
        requester_account: h.accountNumber, record_count: file.totalCount, total_amount: file.totalAmount, content: bytes,
      });
      for (const r of file.records) {
        await store.insertTransfer(tx, {
          file_id: fileId, record_number: r.recordNumber, reference: r.reference, bank_code: r.bankCode, branch_code: r.branchCode, account_type: r.accountType,
          account_number: r.accountNumber, payee_name: r.payeeName, amount: r.amount,
        });
      }
      const callbacks: string[] = [];
      if (isBankBusinessDay(today)) await this.executeDue(tx, today, callbacks);
      return { replayed: false, callbacks };
    });
    this.opts.log(outcome.replayed ? 'transfer file upload replayed' : 'transfer file accepted', { file_id: fileId });
    await this.deliverAll(outcome.callbacks);
    return { receipt: (await this.transferFile(fileId, false))!, replayed: outcome.replayed };
  }

  async transferFile(fileId: string, withTransfers = true): Promise<TransferFileReceipt | undefined> {
    const f = await store.fileById(this.pool, fileId);
    if (!f) return undefined;
    const receipt = receiptOf(f);
    if (!withTransfers) return receipt;
    const transfers = (await store.transfersOf(this.pool, fileId)).map((t) => ({
      record_number: t.record_number, reference: t.reference, amount: t.amount, result: t.result,
      ...(t.failure_code ? { failure_code: t.failure_code as never } : {}), ...(t.executed_on ? { executed_on: t.executed_on } : {}), reversed: t.reversed,
    }));
    return { ...receipt, transfers };
  }

  /** Executes the accepted files due on `day` (a business day); the callbacks to send are pushed to `callbacks`. */
  private async executeDue(tx: Sql, day: string, callbacks: string[]): Promise<string[]> {
    const rules = (await store.getSetting<FailureRule[]>(tx, 'rules')) ?? [];
    const files = await store.dueFiles(tx, day);
    for (const f of files) {
      const own = { bank_code: f.requester_bank, branch_code: f.requester_branch, account_number: f.requester_account };
      for (const t of await store.transfersOf(tx, f.id)) {
        if (t.result !== 'pending') continue;
        const account = await store.findAccount(tx, t.bank_code, t.branch_code, t.account_number, true);
        const failure = decideTransfer(t, account, rules);
        await store.settleTransfer(tx, t, failure ? 'failed' : 'succeeded', failure, day);
        if (!failure) {
          await store.move(tx, own, { date: day, kind: 'transfer', delta: -t.amount, reference: t.reference, counterparty: t.payee_name, fileId: f.id, recordNumber: t.record_number });
          await store.move(tx, account!, { date: day, kind: 'transfer', delta: t.amount, reference: t.reference, fileId: f.id, recordNumber: t.record_number });
        }
        const id = `trf_${f.id}_${t.record_number}`;
        await store.insertCallback(tx, { id, path: 'bank/transfers', subjectId: f.id, body: transferResultBody(id, t, failure, day), held: this.faultState.hold });
        callbacks.push(id);
      }
      await store.markFileExecuted(tx, f.id, day);
      this.opts.log('transfer file executed', { file_id: f.id, on: day });
    }
    return files.map((f) => f.id);
  }

  // ------------------------------------------------------------ reversals

  /**
   * A reversal (組戻し) of an executed transfer, under Kessai's request id (the
   * same id answers the same decision again). Refused when the policy says so
   * (`refused_by_recipient`), when the recipient's balance no longer covers it
   * (`funds_withdrawn`) or the account is closed (`closed_account`).
   */
  async requestReversal(requestId: string, req: { file_id: string; record_number: number }): Promise<{ reversal: ReversalResult; replayed: boolean }> {
    const outcome = await inTransaction(this.pool, async (tx) => {
      const today = await store.lockBusinessDate(tx);
      const existing = await store.reversalById(tx, requestId);
      if (existing) {
        if (existing.file_id !== req.file_id || existing.record_number !== req.record_number) throw new BankError(409, 'request_id_reused', `reversal request ${requestId} was made for another transfer`);
        return { reversal: existing, replayed: true, callback: undefined };
      }
      const t = await store.transferAt(tx, req.file_id, req.record_number);
      if (!t) throw new BankError(404, 'no_such_transfer', `no transfer at record ${req.record_number} of file ${req.file_id}`);
      if (t.result !== 'succeeded') throw new BankError(409, 'not_reversible', `the transfer is ${t.result === 'pending' ? 'not executed yet' : 'failed'}: nothing to reverse`);
      const accepted = await store.acceptedReversalOf(tx, t);
      if (accepted) throw new BankError(409, 'already_reversed', `the transfer was reversed by request ${accepted.request_id}`);
      const policy = (await store.getSetting<ReversalPolicy>(tx, 'reversal_policy')) ?? 'accept';
      const recipient = await store.findAccount(tx, t.bank_code, t.branch_code, t.account_number, true);
      const reason = policy === 'refuse' ? 'refused_by_recipient' : !recipient || recipient.state === 'closed' ? 'closed_account' : recipient.balance < t.amount ? 'funds_withdrawn' : null;
      const reversal = { request_id: requestId, file_id: t.file_id, record_number: t.record_number, reference: t.reference, amount: t.amount, result: reason ? 'refused' as const : 'accepted' as const, reason, decided_on: today };
      await store.insertReversal(tx, reversal);
      if (!reason) {
        const file = (await store.fileById(tx, t.file_id))!;
        await store.move(tx, recipient!, { date: today, kind: 'reversal', delta: -t.amount, reference: t.reference, fileId: t.file_id, recordNumber: t.record_number });
        await store.move(tx, { bank_code: file.requester_bank, branch_code: file.requester_branch, account_number: file.requester_account }, {
          date: today, kind: 'reversal', delta: t.amount, reference: t.reference, counterparty: t.payee_name, fileId: t.file_id, recordNumber: t.record_number,
        });
        await store.markReversed(tx, t);
      }
      const id = `rev_${requestId}`;
      await store.insertCallback(tx, { id, path: 'bank/reversals', subjectId: requestId, body: reversalBody(id, reversal), held: this.faultState.hold });
      return { reversal, replayed: false, callback: id };
    });
    if (outcome.callback) await this.callbacks.deliver(outcome.callback);
    return { reversal: reversalView(outcome.reversal), replayed: outcome.replayed };
  }

  // ------------------------------------------------------------ statements

  /** The movements of Kessai's own accounts on a bank date, with opening and closing balances. */
  async statement(date: string): Promise<Statement> {
    const day = parseIsoDate(date);
    const movements = await store.movementsOn(this.pool, day);
    const own = (await store.listAccounts(this.pool)).filter((a) => a.own);
    const accounts: StatementAccount[] = [];
    for (const a of own) {
      const mine = movements.filter((m) => m.bank_code === a.bank_code && m.branch_code === a.branch_code && m.account_number === a.account_number);
      if (mine.length === 0) continue;
      accounts.push({
        bank_code: a.bank_code, branch_code: a.branch_code, account_type: a.account_type, account_number: a.account_number,
        opening_balance: mine[0].balance_after - mine[0].amount,
        closing_balance: mine[mine.length - 1].balance_after,
        movements: mine.map((m) => ({
          seq: m.seq, kind: m.kind, amount: m.amount, balance_after: m.balance_after, reference: m.reference, counterparty: m.counterparty,
          ...(m.file_id ? { file_id: m.file_id } : {}), ...(m.record_number ? { record_number: m.record_number } : {}),
        })),
      });
    }
    // accounts without a movement that day are left out
    return { date: day, accounts };
  }

  private async deliverAll(ids: string[]): Promise<void> {
    for (const id of ids) await this.callbacks.deliver(id);
  }
}

function parseFile(bytes: Buffer, today: string) {
  try {
    return readTransferFile(bytes, { createdOn: today });
  } catch (err) {
    if (err instanceof ZenginError) throw invalidFile(err.issues.map(defectOf));
    throw err;
  }
}

function defectOf(i: ZenginIssue): FileDefect {
  return { ...(i.record !== undefined ? { record: i.record } : {}), field: i.field, code: i.code, message: i.message };
}

function invalidFile(defects: FileDefect[]): BankError {
  const summary = defects.slice(0, 3).map((d) => `${d.record === undefined ? '' : `record ${d.record}: `}${d.field}: ${d.message}`).join('; ');
  return new BankError(422, 'invalid_file', `the file is refused, nothing is executed (${defects.length} defect${defects.length === 1 ? '' : 's'}): ${summary}`, { defects });
}

function accountRow(a: AccountInput): AccountRow {
  const bad = (field: string, what: string) => new BankError(400, 'invalid_request', `${field}: ${what}`);
  if (!/^\d{4}$/.test(a.bank_code ?? '')) throw bad('bank_code', '4 digits');
  if (!/^\d{3}$/.test(a.branch_code ?? '')) throw bad('branch_code', '3 digits');
  if (!/^\d{7}$/.test(a.account_number ?? '')) throw bad('account_number', '7 digits');
  const type = a.account_type ?? '1';
  if (!['1', '2', '4', '9'].includes(type)) throw bad('account_type', '1, 2, 4 or 9');
  const state = a.state ?? 'open';
  if (state !== 'open' && state !== 'closed') throw bad('state', 'open or closed');
  const balance = a.balance ?? 0;
  if (!Number.isSafeInteger(balance)) throw bad('balance', 'a whole number of yen');
  let holder: string;
  try {
    holder = toBankKana(a.holder_name_kana ?? '', { field: 'holder_name_kana', maxLength: 30 });
  } catch (err) {
    throw bad('holder_name_kana', (err as Error).message);
  }
  if (holder === '') throw bad('holder_name_kana', 'required');
  return { bank_code: a.bank_code, branch_code: a.branch_code, account_number: a.account_number, account_type: type, holder_name_kana: holder, state, balance, own: a.own === true };
}

function receiptOf(f: FileRow): TransferFileReceipt {
  return {
    file_id: f.id, sha256: f.sha256, status: f.status, uploaded_on: f.uploaded_on, transfer_date: f.transfer_date, record_count: f.record_count, total_amount: f.total_amount,
    ...(f.executed_on ? { executed_on: f.executed_on } : {}),
  };
}

/** The `transfer.result` callback (docs/events.md: /bank/transfers). transfer_id is Kessai's reference too. */
function transferResultBody(id: string, t: TransferRow, failure: string | null, day: string): string {
  return JSON.stringify({
    id, type: 'transfer.result', transfer_id: t.reference, result: failure ? 'failed' : 'succeeded', ...(failure ? { failure_code: failure } : {}), amount: t.amount, executed_on: day,
    file_id: t.file_id, record_number: t.record_number, reference: t.reference,
  });
}

function reversalBody(id: string, r: store.ReversalRow): string {
  return JSON.stringify({
    id, type: 'reversal.result', request_id: r.request_id, file_id: r.file_id, record_number: r.record_number, reference: r.reference, result: r.result,
    ...(r.reason ? { reason: r.reason } : {}), amount: r.amount, decided_on: r.decided_on,
  });
}

function reversalView(r: store.ReversalRow): ReversalResult {
  return { request_id: r.request_id, file_id: r.file_id, record_number: r.record_number, reference: r.reference, amount: r.amount, result: r.result, ...(r.reason ? { reason: r.reason } : {}), decided_on: r.decided_on };
}

import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { readDebitFile, toBankKana, writeDebitFile, ZenginError, type DebitResultCode } from '@kessai/zengin';
import { BankError, type Bank } from '../bank';
import { inTransaction, type Sql } from '../db/pool';
import * as bankStore from '../db/store';
import { decideDebit, DEFAULT_DEBIT_SETTINGS, maintenanceSecondsLeft, mergeDebitSettings, type DebitCode, type DebitSettings } from './rules';
import * as store from './store';
import type { DebitRow, MandateRow } from './store';

export interface DebitRequest {
  requester_code: string;
  bank_code: string;
  branch_code: string;
  account_type: string;
  account_number: string;
  holder_name: string;
  amount: number;
  customer_number: string;
}

export interface DebitAnswer {
  request_id: string;
  result_code: number;
  amount: number;
  debited_on: string;
}

const SETTINGS_KEY = 'debit_settings';

function answer(d: DebitRow): DebitAnswer {
  return { request_id: d.request_id, result_code: d.result_code, amount: d.amount, debited_on: d.debited_on };
}

/**
 * The bank's direct-debit side (docs/bank-simulator.md, "Direct debit"):
 * mandates per requester (委託者), real-time debits idempotent by Kessai's
 * request id, the query by request id, the mandate export, and 口座振替
 * (kind 91) files answered with a result file. Real-time debits run on any
 * day; they are dated the bank's business date (the simulator's date).
 */
export class DirectDebits {
  private settingsCache: DebitSettings = { ...DEFAULT_DEBIT_SETTINGS };

  constructor(
    private readonly pool: Pool,
    private readonly bank: Bank,
  ) {}

  async start(): Promise<void> {
    await bankStore.initSetting(this.pool, SETTINGS_KEY, DEFAULT_DEBIT_SETTINGS);
    this.settingsCache = { ...DEFAULT_DEBIT_SETTINGS, ...((await bankStore.getSetting<DebitSettings>(this.pool, SETTINGS_KEY)) ?? {}) };
  }

  settings(): DebitSettings {
    return this.settingsCache;
  }

  async setSettings(patch: Record<string, unknown>): Promise<DebitSettings> {
    const next = mergeDebitSettings(this.settingsCache, patch);
    await bankStore.putSetting(this.pool, SETTINGS_KEY, next);
    this.settingsCache = next;
    return next;
  }

  /** Throws the maintenance refusal inside a window. */
  checkOpen(): void {
    const left = maintenanceSecondsLeft(this.settingsCache, Date.now());
    if (left > 0) throw new BankError(503, 'maintenance', `the debit service is in maintenance until ${this.settingsCache.maintenance_until}`, { retry_after_s: left, until: this.settingsCache.maintenance_until });
  }

  /** Takes one lost answer if the fault is set (the caller then cuts the connection). */
  async consumeLostAnswer(): Promise<boolean> {
    if (this.settingsCache.lose_next_answers <= 0) return false;
    await this.setSettings({ lose_next_answers: this.settingsCache.lose_next_answers - 1 });
    return true;
  }

  /** A real-time debit; the same request id answers the first result again (never a second debit). */
  async debit(requestId: string, req: DebitRequest): Promise<{ answer: DebitAnswer; replayed: boolean }> {
    this.checkOpen();
    const sha = createHash('sha256').update(JSON.stringify(req)).digest('hex');
    return inTransaction(this.pool, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`debit-request:${requestId}`]);
      const existing = await store.debit(tx, requestId);
      if (existing) {
        if (existing.request_sha256 !== sha) throw new BankError(409, 'request_id_reused', `request id ${requestId} was used for another debit`);
        await store.countResend(tx, requestId);
        return { answer: answer(existing), replayed: true };
      }
      const row = await this.execute(tx, { ...req, requestId, sha, fileId: null, recordNumber: null });
      return { answer: answer(row), replayed: false };
    });
  }

  async query(requestId: string): Promise<DebitAnswer | undefined> {
    this.checkOpen();
    if (this.settingsCache.fail_next_queries > 0) {
      await this.setSettings({ fail_next_queries: this.settingsCache.fail_next_queries - 1 });
      throw new BankError(503, 'unavailable', 'the debit query is unavailable (fault fail_next_queries)');
    }
    const d = await store.debit(this.pool, requestId);
    return d ? answer(d) : undefined;
  }

  private async execute(tx: Sql, r: DebitRequest & { requestId: string; sha: string; fileId: string | null; recordNumber: number | null }): Promise<DebitRow> {
    const date = (await bankStore.getSetting<string>(tx, 'business_date'))!;
    await store.lockAccount(tx, r.bank_code, r.branch_code, r.account_number);
    const account = await bankStore.findAccount(tx, r.bank_code, r.branch_code, r.account_number, true);
    const mandate = await store.mandateFor(tx, r.requester_code, r.bank_code, r.branch_code, r.account_number);
    const code = decideDebit({ account, accountType: r.account_type, mandate, configuredCode: this.settingsCache.codes[r.account_number], amount: r.amount });
    if (code === 0) await bankStore.move(tx, account!, { date, kind: 'deposit', delta: -r.amount, reference: r.requestId });
    const row: DebitRow = {
      request_id: r.requestId, request_sha256: r.sha, requester_code: r.requester_code, customer_number: r.customer_number, bank_code: r.bank_code, branch_code: r.branch_code,
      account_type: r.account_type, account_number: r.account_number, amount: r.amount, result_code: code, debited_on: date, file_id: r.fileId, record_number: r.recordNumber,
    };
    await store.insertDebit(tx, row);
    return row;
  }

  async debits(): Promise<DebitRow[]> {
    return store.listDebits(this.pool);
  }

  // ------------------------------------------------------------ mandates

  async putMandate(requesterCode: string, customerNumber: string, m: Partial<MandateRow>): Promise<MandateRow> {
    if (!/^\d{10}$/.test(requesterCode)) throw new BankError(400, 'invalid_request', 'requester code: 10 digits');
    if (!/^\d{1,20}$/.test(customerNumber)) throw new BankError(400, 'invalid_request', 'customer number: up to 20 digits');
    const status = m.status ?? 'registered';
    if (!['registered', 'rejected', 'cancelled'].includes(status)) throw new BankError(400, 'invalid_request', 'status: registered, rejected or cancelled');
    if (m.stopped != null && m.stopped !== 'depositor' && m.stopped !== 'requester') throw new BankError(400, 'invalid_request', 'stopped: depositor, requester or null');
    const row: MandateRow = {
      requester_code: requesterCode, customer_number: customerNumber, bank_code: String(m.bank_code ?? ''), branch_code: String(m.branch_code ?? ''),
      account_type: String(m.account_type ?? '1'), account_number: String(m.account_number ?? ''), holder_name: toBankKana(m.holder_name ?? ''),
      status, stopped: m.stopped ?? null, changed_on: m.changed_on ?? (await this.bank.businessDate()).date,
    };
    if (!/^\d{4}$/.test(row.bank_code) || !/^\d{3}$/.test(row.branch_code) || !/^\d{7}$/.test(row.account_number)) throw new BankError(400, 'invalid_request', 'bank_code (4), branch_code (3), account_number (7 digits)');
    await store.upsertMandate(this.pool, row);
    return row;
  }

  /** The bank forgets a mandate (it no longer appears in the export). */
  async deleteMandate(requesterCode: string, customerNumber: string): Promise<boolean> {
    return store.deleteMandate(this.pool, requesterCode, customerNumber);
  }

  async mandates(requesterCode?: string): Promise<MandateRow[]> {
    return store.mandates(this.pool, requesterCode);
  }

  /** The requester's whole mandate list; the export id changes only when the list does. */
  async mandateExport(requesterCode: string, date: string): Promise<{ export_id: string; requester_code: string; as_of: string; mandates: Record<string, unknown>[] }> {
    const rows = (await store.mandates(this.pool, requesterCode)).filter((m) => m.changed_on <= date);
    const mandates = rows.map((m) => ({
      customer_number: m.customer_number, bank_code: m.bank_code, branch_code: m.branch_code, account_type: m.account_type, account_number: m.account_number,
      holder_name: m.holder_name, status: m.status, changed_on: m.changed_on,
    }));
    const digest = createHash('sha256').update(JSON.stringify(mandates)).digest('hex').slice(0, 16);
    return { export_id: `mdx_${requesterCode}_${date.replace(/-/g, '')}_${digest}`, requester_code: requesterCode, as_of: date, mandates };
  }

  /** Sends the registered and cancelled mandates as a signed `bank/mandates` callback (rejections are only in the export). */
  async reportMandates(requesterCode?: string): Promise<{ id: string; count: number }> {
    const rows = (await store.mandates(this.pool, requesterCode)).filter((m) => m.status !== 'rejected');
    const id = `mdr_${Date.now().toString(36)}_${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 8)}`;
    const body = JSON.stringify({
      id, type: 'mandates.reported',
      mandates: rows.map((m) => ({ customer_number: m.customer_number, bank_code: m.bank_code, branch_code: m.branch_code, account_type: Number(m.account_type), account_number: m.account_number, status: m.status })),
    });
    await bankStore.insertCallback(this.pool, { id, path: 'bank/mandates', subjectId: id, body, held: this.bank.faults().hold });
    await this.bank.callbacks.deliver(id);
    return { id, count: rows.length };
  }

  /** Sends a `debit.result` callback for a debit, with its code or (to test reconciliation) another one. */
  async reportDebit(requestId: string, resultCode?: number): Promise<{ id: string }> {
    const d = await store.debit(this.pool, requestId);
    if (!d) throw new BankError(404, 'no_such_debit', `no debit ${requestId}`);
    const code = resultCode ?? d.result_code;
    const id = `dbr_${requestId}_${code}`;
    const body = JSON.stringify({ id, type: 'debit.result', debit_id: requestId, result_code: code, amount: d.amount, debited_on: d.debited_on });
    await bankStore.insertCallback(this.pool, { id, path: 'bank/debits', subjectId: requestId, body, held: this.bank.faults().hold });
    await this.bank.callbacks.deliver(id);
    return { id };
  }

  // ------------------------------------------------------------ 口座振替 files

  /**
   * A kind-91 request file: read with every check of @kessai/zengin (creation
   * date = the bank's date), each record decided like a real-time debit (the
   * request id is `<file id>-<record number>`), answered with a result file of
   * the same layout. The same id with the same bytes answers the same receipt.
   */
  async uploadDebitFile(fileId: string, bytes: Buffer): Promise<{ receipt: Record<string, unknown>; replayed: boolean }> {
    const sha = createHash('sha256').update(bytes).digest('hex');
    const existing = await store.debitFile(this.pool, fileId);
    if (existing) {
      if (existing.sha256 !== sha) throw new BankError(409, 'file_id_reused', `file id ${fileId} was used for other bytes`);
      return { receipt: receiptOf(existing), replayed: true };
    }
    const today = (await this.bank.businessDate()).date;
    let file;
    try {
      file = readDebitFile(bytes, { createdOn: today, expect: 'request' });
    } catch (err) {
      if (err instanceof ZenginError) {
        throw new BankError(422, 'invalid_file', `the file is refused, nothing is debited (${err.issues.length} defects): ${err.message}`, {
          defects: err.issues.map((i) => ({ record: i.record, field: i.field, code: i.code, message: i.message })),
        });
      }
      throw err;
    }
    const results: DebitResultCode[] = [];
    await inTransaction(this.pool, async (tx) => {
      for (const r of file.records) {
        const row = await this.execute(tx, {
          requester_code: file.header.requesterCode, bank_code: r.bankCode, branch_code: r.branchCode, account_type: r.accountType, account_number: r.accountNumber,
          holder_name: r.depositorName, amount: r.amount, customer_number: r.reference, requestId: `${fileId}-${r.recordNumber}`, sha, fileId, recordNumber: r.recordNumber,
        });
        results.push(String(row.result_code as DebitCode) as DebitResultCode);
      }
      const resultFile = writeDebitFile(
        { header: file.header, records: file.records.map((r, i) => ({ ...r, resultCode: results[i] })) },
        { createdOn: today, kind: 'result' },
      );
      await store.insertDebitFile(tx, { id: fileId, sha256: sha, requesterCode: file.header.requesterCode, debitDate: file.header.debitDate, uploadedOn: today, recordCount: file.records.length, resultFile });
    });
    return { receipt: receiptOf((await store.debitFile(this.pool, fileId))!), replayed: false };
  }

  async debitFileResult(fileId: string): Promise<Buffer | undefined> {
    return (await store.debitFile(this.pool, fileId))?.result_file;
  }
}

function receiptOf(f: { id: string; sha256: string; requester_code: string; debit_date: string; uploaded_on: string; record_count: number }): Record<string, unknown> {
  return { file_id: f.id, sha256: f.sha256, requester_code: f.requester_code, debit_date: f.debit_date, uploaded_on: f.uploaded_on, record_count: f.record_count, status: 'processed' };
}

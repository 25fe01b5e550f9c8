import { PartnerBankError } from './errors';
import { BANK_SIGNATURE_HEADER, signBankRequest } from './signing';
import type { DebitAnswer, DebitFileReceipt, DebitRequest, MandateExport } from './debits';
import type { FileDefect, ReversalRequest, ReversalResult, Statement, TransferFileReceipt } from './types';

export interface PartnerBankConfig {
  /** Kessai's name for the bank, e.g. `simbank` (in errors and logs). */
  readonly partner: string;
  /** e.g. `https://bank.example/` or the simulator's `http://127.0.0.1:8090` */
  readonly baseUrl: string;
  /** the shared secret requests are signed with */
  readonly secret: string;
  /** per attempt (default 15 s) */
  readonly timeoutMs?: number;
  /** waits before each retry after a network failure, a timeout or a 5xx (default 250 ms, 1 s, 4 s) */
  readonly retryDelaysMs?: readonly number[];
  /** injectable for tests */
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** the signature's clock (default Date.now) */
  readonly nowMs?: () => number;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [250, 1_000, 4_000];
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The one client for Kessai's calls to a partner bank. Every call is signed
 * (see signing.ts) and idempotent — uploads and reversal requests are PUTs
 * under Kessai's own file id / request id — so a network failure, a timeout
 * or a 5xx is retried with backoff; a 4xx is thrown at once as a
 * PartnerBankError. It reads no environment: callers pass their config.
 */
export class PartnerBankClient {
  private readonly base: URL;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly delays: readonly number[];

  constructor(private readonly config: PartnerBankConfig) {
    if (!config.secret) throw new RangeError('partner bank client: secret is required');
    this.base = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
    this.fetchFn = config.fetch ?? fetch;
    this.sleep = config.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.delays = config.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  /**
   * Uploads a Zengin transfer file (総合振込) under Kessai's file id. The same id
   * with the same bytes answers the same receipt again; the bank refuses a
   * malformed file whole (`invalid_file`, with `defects`), the same bytes under
   * another id (`duplicate_file`, `existingFileId`) and a reference it has
   * already accepted (`duplicate_reference`).
   */
  uploadTransferFile(fileId: string, bytes: Uint8Array): Promise<TransferFileReceipt> {
    checkId('fileId', fileId);
    return this.call('upload transfer file', 'PUT', `v1/transfer-files/${fileId}`, Buffer.from(bytes), 'application/octet-stream');
  }

  /** A file's state and its per-record results. */
  transferFile(fileId: string): Promise<TransferFileReceipt> {
    checkId('fileId', fileId);
    return this.call('get transfer file', 'GET', `v1/transfer-files/${fileId}`);
  }

  /** Asks for the reversal (組戻し) of an executed transfer; the answer says accepted or refused. */
  requestReversal(requestId: string, req: ReversalRequest): Promise<ReversalResult> {
    checkId('requestId', requestId);
    return this.call('request reversal', 'PUT', `v1/reversals/${requestId}`, Buffer.from(JSON.stringify(req)), 'application/json');
  }

  /** The movements of Kessai's own accounts on a bank date (YYYY-MM-DD). */
  statement(date: string): Promise<Statement> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`partner bank client: date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
    return this.call('get statement', 'GET', `v1/statements?date=${date}`);
  }

  /**
   * A real-time direct debit under Kessai's request id (a PUT: the same id
   * answers the first result again, never a second debit). In the bank's
   * maintenance window: a PartnerBankError `maintenance` (503, not retried)
   * with `retryAfterSeconds`.
   */
  debit(requestId: string, req: DebitRequest): Promise<DebitAnswer> {
    checkId('requestId', requestId);
    return this.call('debit', 'PUT', `v1/debits/${requestId}`, Buffer.from(JSON.stringify(req)), 'application/json');
  }

  /** The bank's record of a debit request, or null when it never received it (a lost answer is settled this way). */
  async debitByRequestId(requestId: string): Promise<DebitAnswer | null> {
    checkId('requestId', requestId);
    try {
      return await this.call<DebitAnswer>('query debit', 'GET', `v1/debits/${requestId}`);
    } catch (err) {
      if (err instanceof PartnerBankError && err.status === 404 && err.code === 'no_such_debit') return null;
      throw err;
    }
  }

  /** A requester's whole mandate list (口座振替契約) as of a date. */
  mandateExport(requesterCode: string, date: string): Promise<MandateExport> {
    if (!/^\d{10}$/.test(requesterCode)) throw new RangeError(`partner bank client: requesterCode must be 10 digits, got ${JSON.stringify(requesterCode)}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`partner bank client: date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
    return this.call('mandate export', 'GET', `v1/mandates/export?requester_code=${requesterCode}&date=${date}`);
  }

  /** Uploads a 口座振替 (kind 91) request file under Kessai's file id; the same id and bytes answer the same receipt. */
  uploadDebitFile(fileId: string, bytes: Uint8Array): Promise<DebitFileReceipt> {
    checkId('fileId', fileId);
    return this.call('upload debit file', 'PUT', `v1/debit-files/${fileId}`, Buffer.from(bytes), 'application/octet-stream');
  }

  /** The bank's result file (same layout, result codes filled in), or null while there is none. */
  async debitFileResult(fileId: string): Promise<Buffer | null> {
    checkId('fileId', fileId);
    try {
      const r = await this.call<{ result_file: string }>('get debit file result', 'GET', `v1/debit-files/${fileId}/result`);
      return Buffer.from(r.result_file, 'base64');
    } catch (err) {
      if (err instanceof PartnerBankError && err.status === 404) return null;
      throw err;
    }
  }

  private async call<T>(operation: string, method: string, relative: string, body?: Buffer, contentType?: string): Promise<T> {
    const url = new URL(relative, this.base);
    const pathAndQuery = `${url.pathname}${url.search}`;
    const timeoutMs = this.config.timeoutMs ?? 15_000;
    for (let attempt = 1; ; attempt++) {
      const failure = await this.once<T>(operation, method, url, pathAndQuery, timeoutMs, attempt, body, contentType);
      if (failure.ok) return failure.value;
      const err = failure.error;
      if (!err.retryable || attempt > this.delays.length) throw err;
      await this.sleep(this.delays[attempt - 1]);
    }
  }

  private async once<T>(
    operation: string,
    method: string,
    url: URL,
    pathAndQuery: string,
    timeoutMs: number,
    attempt: number,
    body?: Buffer,
    contentType?: string,
  ): Promise<{ ok: true; value: T } | { ok: false; error: PartnerBankError }> {
    const fail = (status: number, code: string, message: string, extra: { defects?: FileDefect[]; existingFileId?: string; retryAfterSeconds?: number } = {}) => ({
      ok: false as const,
      error: new PartnerBankError(this.config.partner, operation, status, code, message, { ...extra, attempts: attempt }),
    });
    const headers: Record<string, string> = { [BANK_SIGNATURE_HEADER]: signBankRequest(this.config.secret, method, pathAndQuery, body ?? '', (this.config.nowMs ?? Date.now)()) };
    if (contentType) headers['content-type'] = contentType;
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
    } catch (err) {
      const e = err as Error;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      return fail(0, timedOut ? 'timeout' : 'network_error', timedOut ? `no answer within ${timeoutMs} ms` : e.message);
    }
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      return fail(res.status, 'bad_response', `the bank's answer is not JSON: ${text.slice(0, 200)}`);
    }
    if (res.status >= 200 && res.status < 300) return { ok: true, value: json as T };
    const error = (json as { error?: { code?: string; message?: string; defects?: FileDefect[]; existing_file_id?: string; retry_after_s?: number } }).error ?? {};
    return fail(res.status, error.code ?? `http_${res.status}`, error.message ?? text.slice(0, 200), { defects: error.defects, existingFileId: error.existing_file_id, retryAfterSeconds: error.retry_after_s });
  }
}

function checkId(name: string, id: string): void {
  if (!ID.test(id)) throw new RangeError(`partner bank client: ${name} must be 1–64 letters, digits, _ or -, got ${JSON.stringify(id)}`);
}

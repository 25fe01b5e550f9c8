import { PARTNER_SIGNATURE_HEADER, signatureHeader } from '@kessai/platform';
import { BankMaintenanceError, BankNoAnswerError, type BankDebitAnswer, type BankDebitRequest, type BankMandateExport } from '../domain/partner-bank';
import { isResultCode } from '../domain/result-codes';

export interface PartnerBankOptions {
  /** partner name → base URL */
  urls: Record<string, string>;
  secret: string;
  timeoutMs: number;
}

/**
 * The partner bank's direct-debit API over HTTP, every request signed with
 * the partner secret (docs/reference/account-transfer.md#the-partner-bank-api).
 */
export class HttpPartnerBank {
  constructor(private readonly opts: PartnerBankOptions) {}

  private url(partner: string, path: string): string {
    const base = this.opts.urls[partner];
    if (!base) throw new Error(`no URL configured for partner bank ${partner}`);
    return `${base.replace(/\/$/, '')}${path}`;
  }

  private async request(partner: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const text = body === undefined ? '' : JSON.stringify(body);
    let res: Response;
    try {
      res = await fetch(this.url(partner, path), {
        method,
        headers: { 'content-type': 'application/json', [PARTNER_SIGNATURE_HEADER]: signatureHeader(this.opts.secret, `${method} ${path}\n${text}`) },
        body: method === 'POST' ? text : undefined,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw new BankNoAnswerError(`no answer from ${partner} for ${method} ${path}: ${(err as Error).message}`);
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      throw new BankNoAnswerError(`unreadable answer from ${partner} for ${method} ${path}: ${(err as Error).message}`);
    }
    if (res.status === 503) {
      const j = json as { retry_after_s?: number; until?: string };
      throw new BankMaintenanceError(Math.max(1, Number(j.retry_after_s) || 60), String(j.until ?? ''));
    }
    if (res.status >= 500) throw new BankNoAnswerError(`${partner} answered ${res.status} for ${method} ${path}`);
    return { status: res.status, json };
  }

  async debit(req: BankDebitRequest): Promise<BankDebitAnswer> {
    const { status, json } = await this.request(req.partner, 'POST', '/v1/debits', {
      request_id: req.requestId,
      requester_code: req.requesterCode,
      bank_code: req.bankCode,
      branch_code: req.branchCode,
      account_type: req.accountType,
      account_number: req.accountNumber,
      holder_name: req.holderName,
      amount: req.amount,
      customer_number: req.customerNumber,
    });
    if (status !== 200) throw new Error(`${req.partner} refused debit ${req.requestId}: ${status} ${JSON.stringify(json)}`);
    return answer(json);
  }

  /** The bank's record of a request id, or null when the bank never received it. */
  async queryDebit(partner: string, requestId: string): Promise<BankDebitAnswer | null> {
    const { status, json } = await this.request(partner, 'GET', `/v1/debits/${encodeURIComponent(requestId)}`);
    if (status === 404) return null;
    if (status !== 200) throw new Error(`${partner} refused the query of ${requestId}: ${status}`);
    return answer(json);
  }

  async mandateExport(partner: string, requesterCode: string, asOf: string): Promise<BankMandateExport> {
    const { status, json } = await this.request(partner, 'GET', `/v1/mandates/export?requester_code=${requesterCode}&as_of=${asOf}`);
    if (status !== 200) throw new Error(`${partner} refused the mandate export: ${status} ${JSON.stringify(json)}`);
    const j = json as { export_id: string; requester_code: string; as_of: string; mandates: Record<string, string>[] };
    return {
      exportId: j.export_id,
      requesterCode: j.requester_code,
      asOf: j.as_of,
      mandates: j.mandates.map((m) => ({
        customerNumber: m.customer_number, bankCode: m.bank_code, branchCode: m.branch_code, accountType: String(m.account_type), accountNumber: m.account_number,
        holderName: m.holder_name ?? '', status: m.status as BankMandateExport['mandates'][number]['status'], changedOn: m.changed_on ?? asOf,
      })),
    };
  }
}

function answer(json: unknown): BankDebitAnswer {
  const j = json as { request_id?: unknown; result_code?: unknown; debited_on?: unknown };
  if (typeof j.request_id !== 'string' || !isResultCode(j.result_code) || typeof j.debited_on !== 'string') {
    throw new BankNoAnswerError(`malformed debit answer: ${JSON.stringify(json)}`);
  }
  return { requestId: j.request_id, resultCode: j.result_code, debitedOn: j.debited_on };
}

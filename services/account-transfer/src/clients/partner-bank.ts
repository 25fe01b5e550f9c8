import { PartnerBankClient, PartnerBankError, type PartnerBankConfig } from '@kessai/partner-bank';
import { BankMaintenanceError, BankNoAnswerError, type BankDebitAnswer, type BankDebitRequest, type BankMandateExport } from '../domain/partner-bank';
import type { BankMandateStatus } from '../domain/mandate';
import { isResultCode } from '../domain/result-codes';

/**
 * The partner banks' direct-debit API through @kessai/partner-bank (the one
 * client), its errors turned into what the use cases expect: a maintenance
 * window → BankMaintenanceError; no answer (network, timeout, 5xx after the
 * client's retries) → BankNoAnswerError; a refusal stays a PartnerBankError.
 */
export class PartnerBankDebits {
  private readonly clients = new Map<string, PartnerBankClient>();

  constructor(banks: PartnerBankConfig[]) {
    for (const b of banks) this.clients.set(b.partner, new PartnerBankClient(b));
  }

  private client(partner: string): PartnerBankClient {
    const c = this.clients.get(partner);
    if (!c) throw new Error(`no partner bank ${partner} is configured`);
    return c;
  }

  async debit(req: BankDebitRequest): Promise<BankDebitAnswer> {
    const a = await translate(() =>
      this.client(req.partner).debit(req.requestId, {
        requester_code: req.requesterCode, bank_code: req.bankCode, branch_code: req.branchCode, account_type: req.accountType, account_number: req.accountNumber,
        holder_name: req.holderName, amount: req.amount, customer_number: req.customerNumber,
      }),
    );
    return answer(a);
  }

  async queryDebit(partner: string, requestId: string): Promise<BankDebitAnswer | null> {
    const a = await translate(() => this.client(partner).debitByRequestId(requestId));
    return a ? answer(a) : null;
  }

  async uploadDebitFile(partner: string, fileId: string, bytes: Buffer): Promise<void> {
    await translate(() => this.client(partner).uploadDebitFile(fileId, bytes));
  }

  async debitFileResult(partner: string, fileId: string): Promise<Buffer | null> {
    return translate(() => this.client(partner).debitFileResult(fileId));
  }

  async mandateExport(partner: string, requesterCode: string, asOf: string): Promise<BankMandateExport> {
    const e = await translate(() => this.client(partner).mandateExport(requesterCode, asOf));
    return {
      exportId: e.export_id,
      requesterCode: e.requester_code,
      asOf: e.as_of,
      mandates: e.mandates.map((m) => ({
        customerNumber: m.customer_number, bankCode: m.bank_code, branchCode: m.branch_code, accountType: String(m.account_type), accountNumber: m.account_number,
        holderName: m.holder_name ?? '', status: m.status as BankMandateStatus, changedOn: m.changed_on ?? e.as_of,
      })),
    };
  }
}

async function translate<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof PartnerBankError) {
      if (err.maintenance) throw new BankMaintenanceError(err.retryAfterSeconds ?? 60, err.message);
      if (err.retryable) throw new BankNoAnswerError(err.message);
    }
    throw err;
  }
}

function answer(a: { request_id: string; result_code: number; debited_on: string }): BankDebitAnswer {
  if (!isResultCode(a.result_code)) throw new BankNoAnswerError(`the bank answered an unknown result code ${a.result_code}`);
  return { requestId: a.request_id, resultCode: a.result_code, debitedOn: a.debited_on };
}

import { DomainError } from '@kessai/platform';
import type { BankMandateStatus } from './mandate';
import type { ResultCode } from './result-codes';

/**
 * What Kessai exchanges with a partner bank for direct debits
 * (docs/reference/account-transfer.md#the-partner-bank-api). The bank is
 * idempotent by request id: sending the same request id twice debits once.
 */
export interface BankDebitRequest {
  partner: string;
  /** Kessai's id of the attempt (the debit id): the bank's idempotency key */
  requestId: string;
  requesterCode: string;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  holderName: string;
  amount: number;
  /** the mandate's 20-digit customer number */
  customerNumber: string;
}

export interface BankDebitAnswer {
  requestId: string;
  resultCode: ResultCode;
  /** Tokyo date of the debit at the bank */
  debitedOn: string;
}

export interface BankMandateEntry {
  customerNumber: string;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  holderName: string;
  status: BankMandateStatus;
  /** Tokyo date of the bank's last change */
  changedOn: string;
}

/** The bank's mandate export of one requester on one date (format in docs/reference/account-transfer.md#mandate-export). */
export interface BankMandateExport {
  exportId: string;
  requesterCode: string;
  asOf: string;
  mandates: BankMandateEntry[];
}

/** The bank is in a maintenance window: nothing was debited; try again after `retryAfterSeconds`. */
export class BankMaintenanceError extends DomainError {
  constructor(readonly retryAfterSeconds: number, until: string) {
    super('unavailable', 'bank_maintenance', `the bank is in its maintenance window until ${until}; retry after ${retryAfterSeconds} s`, [], {
      retry_after: String(retryAfterSeconds),
      maintenance_until: until,
    });
    this.name = 'BankMaintenanceError';
  }
}

/** No answer (timeout, connection lost): the bank may or may not have debited. */
export class BankNoAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BankNoAnswerError';
  }
}

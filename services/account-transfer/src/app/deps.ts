import type { Clock, DataSource, Idempotency, Logger, Outbox } from '@kessai/platform';
import type { BankDebitAnswer, BankDebitRequest, BankMandateExport } from '../domain/partner-bank';
import type { AccountTransferMetrics } from './metrics';

/**
 * The partner bank as the use cases see it (docs/reference/account-transfer.md#the-partner-bank-api).
 * `debit` throws BankMaintenanceError (nothing debited, retry later) or
 * BankNoAnswerError (lost answer: ask with `queryDebit`).
 */
export interface PartnerBankPort {
  debit(req: BankDebitRequest): Promise<BankDebitAnswer>;
  /** the bank's record of the request id, or null when it never received it */
  queryDebit(partner: string, requestId: string): Promise<BankDebitAnswer | null>;
  mandateExport(partner: string, requesterCode: string, asOf: string): Promise<BankMandateExport>;
  /** a 口座振替 (kind 91) request file under Kessai's file id (idempotent) */
  uploadDebitFile(partner: string, fileId: string, bytes: Buffer): Promise<void>;
  /** the bank's result file, or null while there is none */
  debitFileResult(partner: string, fileId: string): Promise<Buffer | null>;
}

/**
 * Sends the mismatch email (the notification service). `requestId` names the
 * merchant and morning; the address is added to it, one message per address.
 */
export interface MerchantMailer {
  mismatchList(m: { requestId: string; livemode: boolean; merchantId: string; email: string; runOn: string; count: number; byKind: Record<string, number> }): Promise<void>;
}

/** What the use cases need; built once in main.ts. */
export interface AccountTransferDeps {
  dataSource: DataSource;
  clock: Clock;
  outbox: Outbox;
  logger: Logger;
  idempotency: Idempotency;
  metrics: AccountTransferMetrics;
  eventsCommitted: () => void;
  bank: PartnerBankPort;
  mailer: MerchantMailer;
  settings: {
    /** this process, for bulk-item claims */
    owner: string;
    batchRatePerSecond: number;
    claimTtlMs: number;
  };
}

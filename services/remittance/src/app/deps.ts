import type { ledgerV1, notificationV1 } from '@kessai/contracts';
import type { Clock, ConnectedClient, DataSource, Idempotency, Logger, MerchantMailer, Outbox } from '@kessai/platform';
import type { Cutoff } from '../domain/schedule';
import type { RemittanceMetrics } from './metrics';

/** A transfer file as the partner bank receives it. */
export interface TransferFileUpload {
  /** Kessai's file id: the bank executes one file id once, however often it is uploaded */
  fileId: string;
  livemode: boolean;
  sourceAccount: string;
  executionDate: string;
  /** the Zengin 総合振込 bytes (Shift_JIS, CRLF) */
  content: Buffer;
}

export interface ReversalRequest {
  reversalId: string;
  livemode: boolean;
  transferId: string;
  bankReference: string;
  fileId: string;
  recordNumber: number;
  amount: number;
}

/**
 * The partner bank as this service calls it (docs/architecture.md#money-flows:
 * every call to a partner bank goes through one partner-bank client package).
 * Uploads are idempotent by file id at the bank, so a file whose upload was
 * interrupted is simply uploaded again with the same id.
 */
export interface PartnerBankPort {
  uploadTransferFile(file: TransferFileUpload): Promise<void>;
  requestReversal(request: ReversalRequest): Promise<void>;
}

/** The requester account files are sent from (the partner bank's 依頼人). */
export interface SourceAccount {
  /** key of this account in the transfers and files tables */
  key: string;
  requesterCode: string;
  requesterName: string;
  bankCode: string;
  branchCode: string;
  accountType: '1' | '2' | '9';
  accountNumber: string;
}

export interface RemittanceSettings {
  cutoff: Cutoff;
  /** the recipient's link is this + token (the gateway's page) */
  registrationBaseUrl: string;
  /** the public API the merchant's emails link to */
  merchantApiUrl: string;
  sourceAccount: SourceAccount;
  /**
   * test only (KESSAI_FAULT_REMITTANCE): SIGKILL after the bank accepted an upload, before it is recorded
   * (`after-upload`), or after the merchant's email was queued, before its event is marked processed (`after-notice`)
   */
  fault?: 'after-upload' | 'after-notice';
}

/** What the use cases need; built once in main.ts. */
export interface RemittanceDeps {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  outbox: Outbox;
  idempotency: Idempotency;
  eventsCommitted: () => void;
  ledger: ConnectedClient<ledgerV1.LedgerServiceClient>;
  notification: ConnectedClient<notificationV1.NotificationServiceClient>;
  /** the merchant's emails (shortfall, results) to its contact addresses */
  mailer: Pick<MerchantMailer, 'toContacts'>;
  bank: PartnerBankPort;
  settings: RemittanceSettings;
  metrics: RemittanceMetrics;
  /** asks the ledger-ops runner to run soon (after a commit that queued ledger calls) */
  kickLedgerOps: () => void;
}

import type { ContractMode } from './contract';
import type { DebitStatus } from './debit';
import type { MandateSource, MandateStatus } from './mandate';
import type { MismatchKind } from './mismatch';
import type { ResultCode } from './result-codes';

/** What the use cases return and the adapters map to the wire. */
export interface CustomerView {
  id: string;
  livemode: boolean;
  merchantId: string;
  customerRef: string;
  name: string;
  holderName: string;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  email: string;
  createdAt: Date;
  updatedAt: Date;
  erasedAt: Date | null;
}

export interface ContractView {
  id: string;
  livemode: boolean;
  merchantId: string;
  partner: string;
  requesterCode: string;
  requesterName: string;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  mode: ContractMode;
  notifyEmail: string;
  createdAt: Date;
}

export interface MandateChangeView {
  status: MandateStatus;
  changedOn: string;
  source: MandateSource;
  importId: string | null;
  at: Date;
}

export interface MandateView {
  id: string;
  livemode: boolean;
  merchantId: string;
  customerId: string;
  contractId: string;
  partner: string;
  customerNumber: string;
  status: MandateStatus;
  history: MandateChangeView[];
  createdAt: Date;
}

export interface DebitView {
  id: string;
  livemode: boolean;
  merchantId: string;
  customerId: string;
  customerRef: string;
  mandateId: string;
  contractId: string;
  amount: number;
  description: string;
  status: DebitStatus;
  resultCode: ResultCode | null;
  debitedOn: string | null;
  expectedCreditOn: string | null;
  batchId: string | null;
  batchRow: number | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface BatchView {
  id: string;
  livemode: boolean;
  merchantId: string;
  filename: string;
  encoding: string;
  status: 'processing' | 'completed';
  total: number;
  counts: Record<DebitStatus, number>;
  succeededAmount: number;
  createdAt: Date;
  completedAt: Date | null;
}

export interface MandateImportView {
  id: string;
  livemode: boolean;
  partner: string;
  source: 'bank_callback' | 'bank_export';
  reportId: string;
  received: number;
  changed: number;
  changes: { mandate_id: string; from: MandateStatus; to: MandateStatus }[];
  importedAt: Date;
}

export interface MismatchView {
  id: string;
  runOn: string;
  contractId: string;
  kind: MismatchKind;
  customerId: string;
  customerRef: string;
  customerNumber: string;
  master: Record<string, string> | null;
  bank: Record<string, string> | null;
}

export interface ReconciliationItemView {
  id: string;
  debitId: string;
  answeredCode: number;
  reportedCode: number;
  reportId: string;
  createdAt: Date;
}

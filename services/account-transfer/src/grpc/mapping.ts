import { accountTransferV1 as v1 } from '@kessai/contracts';
import type { CustomerInput } from '../domain/customer';
import type { ContractMode } from '../domain/contract';
import type { DebitStatus } from '../domain/debit';
import type { MandateStatus } from '../domain/mandate';
import type { BatchView, ContractView, CustomerView, DebitView, MandateImportView, MandateView, MismatchView, ReconciliationItemView } from '../domain/views';
import type { DebitFilter } from '../app/list-debits';

const MANDATE_STATUS: Record<MandateStatus, v1.MandateStatus> = {
  requested: v1.MandateStatus.MANDATE_STATUS_REQUESTED,
  active: v1.MandateStatus.MANDATE_STATUS_ACTIVE,
  rejected: v1.MandateStatus.MANDATE_STATUS_REJECTED,
  cancelled: v1.MandateStatus.MANDATE_STATUS_CANCELLED,
};
const DEBIT_STATUS: Record<DebitStatus, v1.DebitStatus> = {
  queued: v1.DebitStatus.DEBIT_STATUS_QUEUED,
  pending: v1.DebitStatus.DEBIT_STATUS_PENDING,
  unknown: v1.DebitStatus.DEBIT_STATUS_UNKNOWN,
  succeeded: v1.DebitStatus.DEBIT_STATUS_SUCCEEDED,
  failed: v1.DebitStatus.DEBIT_STATUS_FAILED,
};

function reverse<K extends string, V extends number>(m: Record<K, V>): Map<number, K> {
  return new Map(Object.entries(m).map(([k, v]) => [v as number, k as K]));
}
const MANDATE_FROM = reverse(MANDATE_STATUS);
const DEBIT_FROM = reverse(DEBIT_STATUS);

export const mandateStatusFromWire = (s: v1.MandateStatus): MandateStatus | null => MANDATE_FROM.get(s) ?? null;
export const debitStatusFromWire = (s: v1.DebitStatus): DebitStatus | null => DEBIT_FROM.get(s) ?? null;
export const modeFromWire = (m: v1.ContractMode): ContractMode | undefined =>
  m === v1.ContractMode.CONTRACT_MODE_FILE ? 'file' : m === v1.ContractMode.CONTRACT_MODE_REALTIME ? 'realtime' : undefined;

export function customerInputFromWire(c: v1.CustomerInput | undefined): CustomerInput {
  return {
    customerRef: c?.customerRef ?? '', name: c?.name ?? '', holderName: c?.holderName ?? '', bankCode: c?.bankCode ?? '', branchCode: c?.branchCode ?? '',
    accountType: c?.accountType ?? '', accountNumber: c?.accountNumber ?? '', email: c?.email ?? '',
  };
}

export function customerToWire(c: CustomerView): v1.Customer {
  return {
    id: c.id, livemode: c.livemode, merchantId: c.merchantId, customerRef: c.customerRef, name: c.name, email: c.email,
    account: { bankCode: c.bankCode, branchCode: c.branchCode, accountType: Number(c.accountType) as v1.AccountType, accountNumber: c.accountNumber, holderName: c.holderName },
    createdAt: c.createdAt, updatedAt: c.updatedAt, erasedAt: c.erasedAt ?? undefined,
  };
}

export function contractToWire(c: ContractView): v1.Contract {
  return {
    id: c.id, livemode: c.livemode, merchantId: c.merchantId, partner: c.partner, requesterCode: c.requesterCode, requesterName: c.requesterName,
    merchantAccount: { bankCode: c.bankCode, branchCode: c.branchCode, accountType: Number(c.accountType) as v1.AccountType, accountNumber: c.accountNumber, holderName: c.requesterName },
    mode: c.mode === 'file' ? v1.ContractMode.CONTRACT_MODE_FILE : v1.ContractMode.CONTRACT_MODE_REALTIME, notifyEmail: c.notifyEmail, createdAt: c.createdAt,
  };
}

export function mandateToWire(m: MandateView): v1.Mandate {
  return {
    id: m.id, livemode: m.livemode, merchantId: m.merchantId, customerId: m.customerId, contractId: m.contractId, customerNumber: m.customerNumber,
    status: MANDATE_STATUS[m.status], createdAt: m.createdAt,
    history: m.history.map((h) => ({ status: MANDATE_STATUS[h.status], changedOn: h.changedOn, source: h.source, importId: h.importId ?? '', at: h.at })),
  };
}

export function importToWire(i: MandateImportView): v1.MandateImport {
  return {
    id: i.id, livemode: i.livemode, partner: i.partner, source: i.source, reportId: i.reportId, received: i.received, changed: i.changed,
    changesJson: JSON.stringify(i.changes), importedAt: i.importedAt,
  };
}

export function debitToWire(d: DebitView, meaning: (code: number) => string): v1.Debit {
  return {
    id: d.id, livemode: d.livemode, merchantId: d.merchantId, customerId: d.customerId, customerRef: d.customerRef, mandateId: d.mandateId, contractId: d.contractId,
    amount: d.amount, status: DEBIT_STATUS[d.status], resultCode: d.resultCode ?? -1, resultMessage: d.resultCode === null ? '' : meaning(d.resultCode),
    debitedOn: d.debitedOn ?? '', expectedCreditOn: d.expectedCreditOn ?? '', batchId: d.batchId ?? '', batchRow: d.batchRow ?? 0, description: d.description,
    createdAt: d.createdAt, completedAt: d.completedAt ?? undefined,
  };
}

export function batchToWire(b: BatchView): v1.DebitBatch {
  return {
    id: b.id, livemode: b.livemode, merchantId: b.merchantId, filename: b.filename, encoding: b.encoding,
    status: b.status === 'completed' ? v1.BatchStatus.BATCH_STATUS_COMPLETED : v1.BatchStatus.BATCH_STATUS_PROCESSING,
    total: b.total, queued: b.counts.queued, pending: b.counts.pending, unknown: b.counts.unknown, succeeded: b.counts.succeeded, failed: b.counts.failed,
    succeededAmount: b.succeededAmount, createdAt: b.createdAt, completedAt: b.completedAt ?? undefined,
  };
}

export function mismatchToWire(m: MismatchView): v1.MandateMismatch {
  return {
    id: m.id, runOn: m.runOn, contractId: m.contractId, kind: m.kind, customerId: m.customerId, customerRef: m.customerRef, customerNumber: m.customerNumber,
    masterJson: m.master ? JSON.stringify(m.master) : '', bankJson: m.bank ? JSON.stringify(m.bank) : '',
  };
}

export function reconciliationToWire(r: ReconciliationItemView): v1.ReconciliationItem {
  return { id: r.id, debitId: r.debitId, answeredCode: r.answeredCode, reportedCode: r.reportedCode, reportId: r.reportId, createdAt: r.createdAt };
}

export function debitFilterFromWire(f: v1.DebitFilter | undefined): DebitFilter {
  return {
    livemode: f?.livemode ?? false, merchantId: f?.merchantId ?? '', customerId: f?.customerId ?? '', createdFrom: f?.createdFrom ?? '', createdTo: f?.createdTo ?? '',
    resultCode: f?.hasResultCode ? f.resultCode : null, amountMin: f?.amountMin ?? 0, amountMax: f?.amountMax ?? 0,
    status: f?.status ? debitStatusFromWire(f.status) : null, batchId: f?.batchId ?? '',
  };
}

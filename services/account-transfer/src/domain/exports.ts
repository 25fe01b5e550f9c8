import { resultMeaning, resultName } from './result-codes';
import type { DebitView, MismatchView } from './views';

/** 2026-11-23T10:00:00Z → 2026/11/23 19:00:00 (JST, as Japanese spreadsheets show it) */
export function jst(d: Date | null): string {
  if (!d) return '';
  const t = new Date(d.getTime() + 9 * 3600_000).toISOString();
  return `${t.slice(0, 10).replace(/-/g, '/')} ${t.slice(11, 19)}`;
}

export const DEBIT_CSV_HEADER = ['debit_id', 'customer_ref', 'customer_id', 'contract_id', 'amount', 'status', 'result_code', 'result', 'result_meaning', 'debited_on', 'expected_credit_on', 'batch_id', 'batch_row', 'description', 'created_at_jst'];

export function debitCsvRow(d: DebitView): (string | number)[] {
  return [
    d.id, d.customerRef, d.customerId, d.contractId, d.amount, d.status, d.resultCode ?? '', d.resultCode === null ? '' : resultName(d.resultCode),
    d.resultCode === null ? '' : resultMeaning(d.resultCode), d.debitedOn ?? '', d.expectedCreditOn ?? '', d.batchId ?? '', d.batchRow ?? '', d.description, jst(d.createdAt),
  ];
}

export const MISMATCH_CSV_HEADER = ['run_on', 'kind', 'customer_ref', 'customer_id', 'customer_number', 'contract_id', 'master_status', 'master_account', 'master_holder_name', 'bank_status', 'bank_account', 'bank_holder_name'];

export function mismatchCsvRow(m: MismatchView): string[] {
  return [
    m.runOn, m.kind, m.customerRef, m.customerId, m.customerNumber, m.contractId, m.master?.status ?? '', m.master?.account ?? '', m.master?.holder_name ?? '',
    m.bank?.status ?? '', m.bank?.account ?? '', m.bank?.holder_name ?? '',
  ];
}

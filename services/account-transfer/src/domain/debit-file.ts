import { isBankBusinessDay, nextBankBusinessDay } from '@kessai/bank-calendar';
import { writeDebitFile, type DebitResultCode } from '@kessai/zengin';
import type { ResultCode } from './result-codes';

/**
 * A 口座振替 (kind 91) request file for one contract's bulk items
 * (docs/reference/account-transfer.md#bulk-debits): header with the requester
 * code and name and the debit date (the first bank business day from today),
 * one record per item in file order (record n + 1 is item n; the header is
 * record 1), the mandate's customer number as the record's customer number.
 */
export interface FileItem {
  id: string;
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNumber: string;
  holderName: string;
  amount: number;
  customerNumber: string;
}

export function debitDateFor(today: string): string {
  return isBankBusinessDay(today) ? today : nextBankBusinessDay(today);
}

export function buildDebitFile(c: { requesterCode: string; requesterName: string; bankCode: string; branchCode: string }, items: readonly FileItem[], today: string): { content: Buffer; debitDate: string; records: { id: string; record: number }[] } {
  const debitDate = debitDateFor(today);
  const content = writeDebitFile(
    {
      header: { requesterCode: c.requesterCode, requesterName: c.requesterName, debitDate, bankCode: c.bankCode, branchCode: c.branchCode },
      records: items.map((i) => ({
        bankCode: i.bankCode, branchCode: i.branchCode, accountType: i.accountType as '1' | '2' | '9', accountNumber: i.accountNumber, depositorName: i.holderName,
        amount: i.amount, reference: i.customerNumber,
      })),
    },
    { createdOn: today, kind: 'request' },
  );
  return { content, debitDate, records: items.map((i, n) => ({ id: i.id, record: n + 2 })) };
}

export function resultCodeOf(code: DebitResultCode): ResultCode {
  return Number(code) as ResultCode;
}

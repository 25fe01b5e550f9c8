/**
 * Direct debit (口座振替) as a partner bank answers it, JSON on the wire
 * (docs/bank-simulator.md, "Direct debit"). Dates are Tokyo dates, YYYY-MM-DD.
 */

/** Zengin direct-debit result code: 0 debited, 1 insufficient funds, 2 no such account, 3 stopped by the depositor, 4 no mandate, 8 stopped by the requester, 9 other. */
export type DebitResultCode = 0 | 1 | 2 | 3 | 4 | 8 | 9;

export interface DebitRequest {
  /** 委託者コード, 10 digits */
  readonly requester_code: string;
  readonly bank_code: string;
  readonly branch_code: string;
  readonly account_type: string;
  readonly account_number: string;
  /** bank kana */
  readonly holder_name: string;
  readonly amount: number;
  /** the mandate's customer number at the bank (up to 20 digits) */
  readonly customer_number: string;
}

export interface DebitAnswer {
  readonly request_id: string;
  readonly result_code: DebitResultCode;
  readonly amount: number;
  /** the bank's date of the debit; the requester is credited the next business day */
  readonly debited_on: string;
}

export interface ExportedMandate {
  readonly customer_number: string;
  readonly bank_code: string;
  readonly branch_code: string;
  readonly account_type: string;
  readonly account_number: string;
  readonly holder_name: string;
  readonly status: 'registered' | 'rejected' | 'cancelled';
  readonly changed_on: string;
}

/** A requester's whole mandate list as of a date; `export_id` changes only when the list does. */
export interface MandateExport {
  readonly export_id: string;
  readonly requester_code: string;
  readonly as_of: string;
  readonly mandates: readonly ExportedMandate[];
}

export interface DebitFileReceipt {
  readonly file_id: string;
  readonly sha256: string;
  readonly requester_code: string;
  readonly debit_date: string;
  readonly uploaded_on: string;
  readonly record_count: number;
  readonly status: 'processed';
}

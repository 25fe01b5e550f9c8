/**
 * What a partner bank answers, as JSON on the wire (snake_case, as documented in
 * docs/bank-simulator.md). Dates are Tokyo calendar dates, YYYY-MM-DD.
 */
export type TransferFailureCode = 'no_such_account' | 'name_mismatch' | 'closed_account' | 'other';
export const TRANSFER_FAILURE_CODES: readonly TransferFailureCode[] = ['no_such_account', 'name_mismatch', 'closed_account', 'other'];

export interface TransferItem {
  readonly record_number: number;
  /** Kessai's 20-digit reference (customer codes 1–2 of the record). */
  readonly reference: string;
  readonly amount: number;
  readonly result: 'pending' | 'succeeded' | 'failed';
  readonly failure_code?: TransferFailureCode;
  readonly executed_on?: string;
  readonly reversed?: boolean;
}

export interface TransferFileReceipt {
  readonly file_id: string;
  /** hex SHA-256 of the uploaded bytes */
  readonly sha256: string;
  readonly status: 'accepted' | 'executed';
  readonly uploaded_on: string;
  readonly transfer_date: string;
  readonly record_count: number;
  readonly total_amount: number;
  readonly executed_on?: string;
  /** on GET only */
  readonly transfers?: readonly TransferItem[];
}

export interface FileDefect {
  readonly record?: number;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface ReversalRequest {
  readonly file_id: string;
  readonly record_number: number;
}

export interface ReversalResult {
  readonly request_id: string;
  readonly file_id: string;
  readonly record_number: number;
  readonly reference: string;
  readonly amount: number;
  readonly result: 'accepted' | 'refused';
  /** why it was refused, e.g. `funds_withdrawn` */
  readonly reason?: string;
  readonly decided_on: string;
}

export type MovementKind = 'deposit' | 'transfer' | 'reversal';

export interface StatementMovement {
  readonly seq: number;
  readonly kind: MovementKind;
  /** signed: credits positive, debits negative */
  readonly amount: number;
  readonly balance_after: number;
  readonly reference: string;
  readonly counterparty: string;
  readonly file_id?: string;
  readonly record_number?: number;
}

export interface StatementAccount {
  readonly bank_code: string;
  readonly branch_code: string;
  readonly account_type: string;
  readonly account_number: string;
  readonly opening_balance: number;
  readonly closing_balance: number;
  readonly movements: readonly StatementMovement[];
}

export interface Statement {
  readonly date: string;
  readonly accounts: readonly StatementAccount[];
}

/**
 * Zengin (全銀協) fixed-length record layouts, one table per record kind; see docs/zengin.md.
 * Positions are 1-based byte positions as the bank manuals number them. N fields are digits,
 * right-aligned and zero-filled; C fields are bank kana, left-aligned and space-filled.
 */
export interface FieldSpec {
  readonly name: string;
  readonly start: number;
  readonly length: number;
  readonly type: 'N' | 'C';
  /** An N field some layouts leave blank (all spaces). */
  readonly blankable?: boolean;
}

export type Layout = readonly FieldSpec[];

export const RECORD_LENGTH = 120;

function layout(fields: [name: string, length: number, type: 'N' | 'C', blankable?: boolean][]): Layout {
  let start = 1;
  const out = fields.map(([name, length, type, blankable]) => {
    const spec: FieldSpec = { name, start, length, type, ...(blankable === true ? { blankable } : {}) };
    start += length;
    return spec;
  });
  if (start !== RECORD_LENGTH + 1) throw new Error(`layout adds up to ${start - 1} bytes, not ${RECORD_LENGTH}`);
  return out;
}

/** 総合振込 (kind 21; 11 salary and 12 bonus share it) header. */
export const TRANSFER_HEADER = layout([
  ['data_type', 1, 'N'],
  ['kind_code', 2, 'N'],
  ['code_division', 1, 'N'],
  ['requester_code', 10, 'N'],
  ['requester_name', 40, 'C'],
  ['transfer_date', 4, 'N'],
  ['bank_code', 4, 'N'],
  ['bank_name', 15, 'C'],
  ['branch_code', 3, 'N'],
  ['branch_name', 15, 'C'],
  ['account_type', 1, 'N'],
  ['account_number', 7, 'N'],
  ['filler', 17, 'C'],
]);

export const TRANSFER_DATA = layout([
  ['data_type', 1, 'N'],
  ['bank_code', 4, 'N'],
  ['bank_name', 15, 'C'],
  ['branch_code', 3, 'N'],
  ['branch_name', 15, 'C'],
  ['clearing_house', 4, 'N', true],
  ['account_type', 1, 'N'],
  ['account_number', 7, 'N'],
  ['payee_name', 30, 'C'],
  ['amount', 10, 'N'],
  ['new_code', 1, 'N'],
  ['customer_code_1', 10, 'N'],
  ['customer_code_2', 10, 'N'],
  ['transfer_kind', 1, 'N'],
  ['identifier', 1, 'C'],
  ['filler', 7, 'C'],
]);

export const TRANSFER_TRAILER = layout([
  ['data_type', 1, 'N'],
  ['total_count', 6, 'N'],
  ['total_amount', 12, 'N'],
  ['filler', 101, 'C'],
]);

/** 口座振替 (kind 91) header; the requester account is filler in some banks' layouts. */
export const DEBIT_HEADER = layout([
  ['data_type', 1, 'N'],
  ['kind_code', 2, 'N'],
  ['code_division', 1, 'N'],
  ['requester_code', 10, 'N'],
  ['requester_name', 40, 'C'],
  ['debit_date', 4, 'N'],
  ['bank_code', 4, 'N'],
  ['bank_name', 15, 'C'],
  ['branch_code', 3, 'N'],
  ['branch_name', 15, 'C'],
  ['account_type', 1, 'N', true],
  ['account_number', 7, 'N', true],
  ['filler', 17, 'C'],
]);

export const DEBIT_DATA = layout([
  ['data_type', 1, 'N'],
  ['bank_code', 4, 'N'],
  ['bank_name', 15, 'C'],
  ['branch_code', 3, 'N'],
  ['branch_name', 15, 'C'],
  ['filler_1', 4, 'C'],
  ['account_type', 1, 'N'],
  ['account_number', 7, 'N'],
  ['depositor_name', 30, 'C'],
  ['amount', 10, 'N'],
  ['new_code', 1, 'N'],
  ['customer_number', 20, 'N'],
  ['result_code', 1, 'N'],
  ['filler', 8, 'C'],
]);

export const DEBIT_TRAILER = layout([
  ['data_type', 1, 'N'],
  ['total_count', 6, 'N'],
  ['total_amount', 12, 'N'],
  ['debited_count', 6, 'N'],
  ['debited_amount', 12, 'N'],
  ['not_debited_count', 6, 'N'],
  ['not_debited_amount', 12, 'N'],
  ['filler', 65, 'C'],
]);

export const END_RECORD = layout([
  ['data_type', 1, 'N'],
  ['filler', 119, 'C'],
]);

/** The field a 1-based byte position falls in. */
export function fieldAt(fields: Layout, position: number): FieldSpec {
  return fields.find((f) => position >= f.start && position < f.start + f.length) ?? fields[fields.length - 1]!;
}

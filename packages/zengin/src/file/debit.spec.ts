import fc from 'fast-check';
import iconv from 'iconv-lite';
import { DEBIT_RESULT_CODES, type DebitFileInput, type DebitResultCode, ZenginError, readDebitFile, writeDebitFile } from '../index';

function failure(fn: () => unknown): ZenginError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZenginError) return err;
    throw err;
  }
  throw new Error('expected a ZenginError');
}
function patch(file: Buffer, record: number, pos: number, text: string): Buffer {
  const out = Buffer.from(file);
  iconv.encode(text, 'Shift_JIS').copy(out, (record - 1) * 122 + pos - 1);
  return out;
}
const CREATED = '2026-10-01';
const issuesOf = (bytes: Buffer, expect?: 'request' | 'result') => failure(() => readDebitFile(bytes, { createdOn: CREATED, expect })).issues.map(({ record, field, code }) => ({ record, field, code }));

const REQUEST: DebitFileInput = {
  header: { requesterCode: '0000012345', requesterName: 'ｹﾂｻｲ', debitDate: '2026-10-27', bankCode: '0001', branchCode: '100', bankName: 'ﾐｽﾞﾎ', branchName: 'ﾎﾝﾃﾝ' },
  records: [
    { bankCode: '0005', branchCode: '103', accountType: '1', accountNumber: '0000123', depositorName: 'ﾔﾏﾀﾞ ﾀﾛｳ', amount: 3_300, reference: '00000000000000000001', newCode: '1' },
    { bankCode: '0009', branchCode: '105', accountType: '2', accountNumber: '7654321', depositorName: 'ｽｽﾞｷ ﾊﾅｺ', amount: 12_000, reference: '00000000000000000002' },
  ],
};

const HAND_LAID = [
  ['1', '91', '0', '0000012345', 'ｹﾂｻｲ'.padEnd(40), '1027', '0001', 'ﾐｽﾞﾎ'.padEnd(15), '100', 'ﾎﾝﾃﾝ'.padEnd(15), ' ', '       ', ' '.repeat(17)],
  ['2', '0005', ' '.repeat(15), '103', ' '.repeat(15), '    ', '1', '0000123', 'ﾔﾏﾀﾞ ﾀﾛｳ'.padEnd(30), '0000003300', '1', '00000000000000000001', '0', ' '.repeat(8)],
  ['2', '0009', ' '.repeat(15), '105', ' '.repeat(15), '    ', '2', '7654321', 'ｽｽﾞｷ ﾊﾅｺ'.padEnd(30), '0000012000', '0', '00000000000000000002', '0', ' '.repeat(8)],
  ['8', '000002', '000000015300', '000000', '000000000000', '000000', '000000000000', ' '.repeat(65)],
  ['9', ' '.repeat(119)],
].map((f) => f.join(''));

describe('口座振替 request file', () => {
  const file = writeDebitFile(REQUEST, { createdOn: CREATED });

  it('is laid out as by hand, the requester account left blank when not given', () => {
    for (const line of HAND_LAID) expect(line).toHaveLength(120);
    expect(iconv.decode(file, 'Shift_JIS')).toBe(HAND_LAID.map((l) => `${l}\r\n`).join(''));
  });

  it('reads back as a request', () => {
    const read = readDebitFile(file, { createdOn: CREATED, expect: 'request' });
    expect(read.isResult).toBe(false);
    expect(read.header).toMatchObject({ debitDate: '2026-10-27', accountType: null, accountNumber: null });
    expect(read.records.map((r) => [r.recordNumber, r.reference, r.resultCode])).toEqual([
      [2, '00000000000000000001', '0'],
      [3, '00000000000000000002', '0'],
    ]);
    expect(read.totals).toEqual({ totalCount: 2, totalAmount: 15_300, debitedCount: 0, debitedAmount: 0, notDebitedCount: 0, notDebitedAmount: 0 });
  });

  it('keeps a requester account when given', () => {
    const withAccount = writeDebitFile({ ...REQUEST, header: { ...REQUEST.header, accountType: '1', accountNumber: '1234567' } }, { createdOn: CREATED });
    expect(readDebitFile(withAccount, { createdOn: CREATED }).header).toMatchObject({ accountType: '1', accountNumber: '1234567' });
  });

  it('a request with a result code is refused, by the writer and the reader', () => {
    expect(failure(() => writeDebitFile({ ...REQUEST, records: [{ ...REQUEST.records[0]!, resultCode: '1' }] }, { createdOn: CREATED })).field).toBe('records[0].result_code');
    expect(issuesOf(patch(file, 2, 112, '1'))).toContainEqual({ record: 2, field: 'result_code', code: 'invalid_value' });
  });

  it.each<[string, Buffer, { record: number; field: string; code: string }]>([
    ['a transfer kind code', patch(file, 1, 2, '21'), { record: 1, field: 'kind_code', code: 'invalid_value' }],
    ['a debit date on a Sunday', patch(file, 1, 55, '1025'), { record: 1, field: 'debit_date', code: 'invalid_date' }],
    ['account type 4 (not for debits)', patch(file, 2, 43, '4'), { record: 2, field: 'account_type', code: 'invalid_value' }],
    ['result code 5', patch(file, 2, 112, '5'), { record: 2, field: 'result_code', code: 'invalid_value' }],
    ['a letter in the customer number', patch(file, 2, 92, 'A'), { record: 2, field: 'customer_number', code: 'invalid_format' }],
    ['a half-given requester account', patch(file, 1, 96, '1'), { record: 1, field: 'account_type', code: 'invalid_value' }],
    ['a total that disagrees', patch(file, 4, 8, '000000015301'), { record: 4, field: 'total_amount', code: 'trailer_mismatch' }],
    ['an unknown branch', patch(file, 3, 21, '000'), { record: 3, field: 'branch_code', code: 'unknown_branch' }],
    ['a blank depositor', patch(file, 3, 51, ' '.repeat(30)), { record: 3, field: 'depositor_name', code: 'required' }],
  ])('refuses %s', (_name, bytes, expected) => {
    expect(issuesOf(bytes)).toContainEqual(expected);
  });

  it('refuses a request where a result was expected', () => {
    expect(issuesOf(file, 'result')).toContainEqual({ record: 4, field: 'debited_count', code: 'invalid_value' });
  });
});

describe('口座振替 result file', () => {
  const results: DebitResultCode[] = ['0', '1'];
  const input = { ...REQUEST, records: REQUEST.records.map((r, i) => ({ ...r, resultCode: results[i] })) };
  const file = writeDebitFile(input, { createdOn: CREATED, kind: 'result' });

  it('carries the result per record and the debited / not-debited totals', () => {
    const read = readDebitFile(file, { createdOn: CREATED, expect: 'result' });
    expect(read.isResult).toBe(true);
    expect(read.records.map((r) => [r.reference, r.resultCode, DEBIT_RESULT_CODES[r.resultCode]])).toEqual([
      ['00000000000000000001', '0', 'debited'],
      ['00000000000000000002', '1', 'insufficient_funds'],
    ]);
    expect(read.totals).toEqual({ totalCount: 2, totalAmount: 15_300, debitedCount: 1, debitedAmount: 3_300, notDebitedCount: 1, notDebitedAmount: 12_000 });
    expect(iconv.decode(file, 'Shift_JIS').split('\r\n')[3]!.slice(0, 55)).toBe('8000002000000015300000001000000003300000001000000012000');
  });

  it('names every result code', () => {
    expect(DEBIT_RESULT_CODES).toEqual({ '0': 'debited', '1': 'insufficient_funds', '2': 'no_account', '3': 'stopped_by_depositor', '4': 'no_mandate', '8': 'stopped_by_requester', '9': 'other' });
  });

  it.each<[string, Buffer, string]>([
    ['a debited count that disagrees', patch(file, 4, 20, '000002'), 'debited_count'],
    ['a debited amount that disagrees', patch(file, 4, 26, '000000003301'), 'debited_amount'],
    ['a not-debited count that disagrees', patch(file, 4, 38, '000000'), 'not_debited_count'],
    ['a result code changed after the totals', patch(file, 3, 112, '0'), 'debited_count'],
  ])('refuses %s', (_name, bytes, field) => {
    expect(issuesOf(bytes)).toContainEqual({ record: 4, field, code: 'trailer_mismatch' });
  });

  it('refuses a result where a request was expected', () => {
    expect(issuesOf(file, 'request')).toContainEqual({ record: 4, field: 'debited_count', code: 'invalid_value' });
  });

  it('round trip: random results and amounts come back as written', () => {
    const arbRecord = fc.record({
      base: fc.constantFrom(...REQUEST.records),
      amount: fc.integer({ min: 1, max: 9_999_999_999 }),
      resultCode: fc.constantFrom(...(Object.keys(DEBIT_RESULT_CODES) as DebitResultCode[])),
      reference: fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }).map((n) => n.toString().padStart(20, '0')),
    });
    fc.assert(
      fc.property(fc.array(arbRecord, { minLength: 1, maxLength: 30 }), (recs) => {
        const records = recs.map(({ base, ...r }) => ({ ...base, ...r, newCode: base.newCode ?? '0', bankName: '', branchName: '' }));
        const read = readDebitFile(writeDebitFile({ ...REQUEST, records }, { createdOn: CREATED, kind: 'result' }), { createdOn: CREATED });
        expect(read.records.map(({ recordNumber: _n, ...r }) => r)).toEqual(records);
        const debited = records.filter((r) => r.resultCode === '0');
        expect(read.totals.debitedAmount).toBe(debited.reduce((s, r) => s + r.amount, 0));
        expect(read.totals.debitedCount + read.totals.notDebitedCount).toBe(records.length);
      }),
      { numRuns: 50 },
    );
  });
});

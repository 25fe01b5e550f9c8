import { addCalendarDays, nextBankBusinessDay } from '@kessai/bank-calendar';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { BankDirectory, type TransferFileInput, ZenginError, readTransferFile, toBankKana, writeTransferFile } from '../index';

// ---- helpers -------------------------------------------------------------------------------
function failure(fn: () => unknown): ZenginError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZenginError) return err;
    throw err;
  }
  throw new Error('expected a ZenginError');
}
/** Record `record` (1-based) of a CRLF file with `text` written from byte `pos` (1-based). */
function patch(file: Buffer, record: number, pos: number, text: string | number[]): Buffer {
  const out = Buffer.from(file);
  (typeof text === 'string' ? iconv.encode(text, 'Shift_JIS') : Buffer.from(text)).copy(out, (record - 1) * 122 + pos - 1);
  return out;
}
function lines(file: Buffer): string[] {
  return iconv.decode(file, 'Shift_JIS').split('\r\n').slice(0, -1);
}
function fromLines(records: string[]): Buffer {
  return iconv.encode(records.map((r) => `${r}\r\n`).join(''), 'Shift_JIS');
}
function issuesOf(bytes: Buffer, createdOn = CREATED): { record?: number; field: string; code: string }[] {
  return failure(() => readTransferFile(bytes, { createdOn })).issues.map(({ record, field, code }) => ({ record, field, code }));
}

// ---- a golden file -------------------------------------------------------------------------
const CREATED = '2026-10-01'; // Thursday
const GOLDEN_INPUT: TransferFileInput = {
  header: {
    requesterCode: '1234567890',
    requesterName: toBankKana('カブシキガイシャケッサイ'),
    transferDate: '2026-10-05', // Monday
    bankCode: '0001',
    bankName: 'ﾐｽﾞﾎ',
    branchCode: '100',
    branchName: 'ﾎﾝﾃﾝ',
    accountType: '1',
    accountNumber: '1234567',
  },
  records: [
    { bankCode: '0005', bankName: 'ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ', branchCode: '103', branchName: 'ﾁﾖﾀﾞ', accountType: '1', accountNumber: '0000123', payeeName: toBankKana('やまだ たろう'), amount: 50_000, reference: '00000000010000000002' },
    { bankCode: '0009', branchCode: '105', accountType: '2', accountNumber: '7654321', payeeName: toBankKana('ヤマダ商会'.replace('商会', 'ショウカイ') + '株式会社'), amount: 1_000_000, newCode: '1', reference: '12345678901234567890', method: '8' },
  ],
};

// Laid out by hand from the 総合振込 layout (positions in docs/zengin.md), not by the writer.
const GOLDEN_LINES = [
  ['1', '21', '0', '1234567890', 'ｶ)ｹﾂｻｲ'.padEnd(40), '1005', '0001', 'ﾐｽﾞﾎ'.padEnd(15), '100', 'ﾎﾝﾃﾝ'.padEnd(15), '1', '1234567', ' '.repeat(17)],
  ['2', '0005', 'ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ'.padEnd(15), '103', 'ﾁﾖﾀﾞ'.padEnd(15), '0000', '1', '0000123', 'ﾔﾏﾀﾞ ﾀﾛｳ'.padEnd(30), '0000050000', '0', '0000000001', '0000000002', '7', ' ', ' '.repeat(7)],
  ['2', '0009', ' '.repeat(15), '105', ' '.repeat(15), '0000', '2', '7654321', 'ﾔﾏﾀﾞｼﾖｳｶｲ(ｶ'.padEnd(30), '0001000000', '1', '1234567890', '1234567890', '8', ' ', ' '.repeat(7)],
  ['8', '000002', '000001050000', ' '.repeat(101)],
  ['9', ' '.repeat(119)],
].map((fields) => fields.join(''));

describe('golden 総合振込 file', () => {
  const file = writeTransferFile(GOLDEN_INPUT, { createdOn: CREATED });

  it('every hand-laid record is 120 characters', () => {
    for (const line of GOLDEN_LINES) expect(line).toHaveLength(120);
  });

  it('is written byte for byte as laid out by hand: Shift_JIS, CRLF, 122 bytes a record', () => {
    expect(file.length).toBe(5 * 122);
    expect(lines(file)).toEqual(GOLDEN_LINES);
    expect(file.equals(fromLines(GOLDEN_LINES))).toBe(true);
    expect([...file.subarray(120, 122)]).toEqual([0x0d, 0x0a]);
    expect(file[14]).toBe(0xb6); // ｶ, one byte
  });

  it('reads back to the input with defaults filled and record numbers', () => {
    const read = readTransferFile(file, { createdOn: CREATED });
    expect(read.header).toEqual({ ...GOLDEN_INPUT.header, kindCode: '21' });
    expect(read.records.map((r) => [r.recordNumber, r.reference, r.amount, r.payeeName, r.newCode, r.method, r.bankName])).toEqual([
      [2, '00000000010000000002', 50_000, 'ﾔﾏﾀﾞ ﾀﾛｳ', '0', '7', 'ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ'],
      [3, '12345678901234567890', 1_000_000, 'ﾔﾏﾀﾞｼﾖｳｶｲ(ｶ', '1', '8', ''],
    ]);
    expect([read.totalCount, read.totalAmount]).toEqual([2, 1_050_000]);
  });

  it('also reads the same records without any separator', () => {
    const bare = iconv.encode(GOLDEN_LINES.join(''), 'Shift_JIS');
    expect(readTransferFile(bare, { createdOn: CREATED }).records).toHaveLength(2);
  });

  it('accepts a blank clearing-house number from other writers', () => {
    expect(readTransferFile(patch(file, 2, 39, '    '), { createdOn: CREATED }).records).toHaveLength(2);
  });
});

describe('the reader rejects every class of defect, naming record, field and reason', () => {
  const file = writeTransferFile(GOLDEN_INPUT, { createdOn: CREATED });

  it.each<[string, () => Buffer, { record?: number; field: string; code: string }]>([
    ['a record one byte short', () => Buffer.concat([file.subarray(0, 122 + 50), file.subarray(122 + 51)]), { record: 2, field: 'record', code: 'invalid_record_length' }],
    ['a record one byte long', () => Buffer.concat([file.subarray(0, 122 + 50), Buffer.from(' '), file.subarray(122 + 50)]), { record: 2, field: 'record', code: 'invalid_record_length' }],
    ['LF-only line ending', () => Buffer.concat([file.subarray(0, 120), file.subarray(121)]), { record: 1, field: 'line_ending', code: 'invalid_line_ending' }],
    ['a lone CR', () => patch(file, 2, 60, [0x0d]), { record: 2, field: 'line_ending', code: 'invalid_line_ending' }],
    ['a byte outside the allowed set (Shift_JIS lead byte)', () => patch(file, 2, 55, [0x83]), { record: 2, field: 'payee_name', code: 'invalid_byte' }],
    ['a control byte', () => patch(file, 3, 84, [0x00]), { record: 3, field: 'amount', code: 'invalid_byte' }],
    ['a lower-case letter in a text field', () => patch(file, 2, 51, 'a'), { record: 2, field: 'payee_name', code: 'invalid_character' }],
    ['a forbidden symbol in a text field', () => patch(file, 1, 15, '*'), { record: 1, field: 'requester_name', code: 'invalid_character' }],
    ['a small kana in a text field', () => patch(file, 2, 51, 'ｬ'), { record: 2, field: 'payee_name', code: 'invalid_character' }],
    ['a letter in a numeric field', () => patch(file, 2, 85, 'X'), { record: 2, field: 'amount', code: 'invalid_format' }],
    ['a space in a numeric field', () => patch(file, 2, 44, ' '), { record: 2, field: 'account_number', code: 'invalid_format' }],
    ['records out of order (data before header)', () => fromLines([GOLDEN_LINES[1]!, GOLDEN_LINES[0]!, ...GOLDEN_LINES.slice(2)]), { record: 1, field: 'data_type', code: 'record_order' }],
    ['a second header', () => fromLines([GOLDEN_LINES[0]!, GOLDEN_LINES[1]!, GOLDEN_LINES[0]!, ...GOLDEN_LINES.slice(2)]), { record: 3, field: 'data_type', code: 'record_order' }],
    ['an unknown data type', () => patch(file, 3, 1, '3'), { record: 3, field: 'data_type', code: 'invalid_value' }],
    ['no data records', () => fromLines([GOLDEN_LINES[0]!, ...GOLDEN_LINES.slice(3)]), { record: 2, field: 'data_type', code: 'record_order' }],
    ['a trailer whose count disagrees', () => patch(file, 4, 2, '000003'), { record: 4, field: 'total_count', code: 'trailer_mismatch' }],
    ['a trailer whose total disagrees', () => patch(file, 4, 8, '000001050001'), { record: 4, field: 'total_amount', code: 'trailer_mismatch' }],
    ['a missing end record', () => file.subarray(0, 4 * 122), { record: 5, field: 'data_type', code: 'record_order' }],
    ['a missing trailer and end record', () => file.subarray(0, 3 * 122), { record: 4, field: 'data_type', code: 'record_order' }],
    ['a record after the end record', () => Buffer.concat([file, file.subarray(122, 244)]), { record: 6, field: 'data_type', code: 'record_order' }],
    ['a transfer date on a Sunday', () => patch(file, 1, 55, '1004'), { record: 1, field: 'transfer_date', code: 'invalid_date' }],
    ['a transfer date on a national holiday', () => patch(file, 1, 55, '1012'), { record: 1, field: 'transfer_date', code: 'invalid_date' }],
    ['a transfer date more than 30 days ahead', () => patch(file, 1, 55, '1102'), { record: 1, field: 'transfer_date', code: 'invalid_date' }],
    ['a transfer date that is no date', () => patch(file, 1, 55, '1332'), { record: 1, field: 'transfer_date', code: 'invalid_date' }],
    ['an unknown bank', () => patch(file, 2, 2, '0002'), { record: 2, field: 'bank_code', code: 'unknown_bank' }],
    ['an unknown branch', () => patch(file, 3, 21, '000'), { record: 3, field: 'branch_code', code: 'unknown_branch' }],
    ['an unknown requester branch', () => patch(file, 1, 78, '000'), { record: 1, field: 'branch_code', code: 'unknown_branch' }],
    ['a zero amount', () => patch(file, 2, 81, '0000000000'), { record: 2, field: 'amount', code: 'invalid_value' }],
    ['account type 3', () => patch(file, 2, 43, '3'), { record: 2, field: 'account_type', code: 'invalid_value' }],
    ['requester account type 4', () => patch(file, 1, 96, '4'), { record: 1, field: 'account_type', code: 'invalid_value' }],
    ['new code 3', () => patch(file, 2, 91, '3'), { record: 2, field: 'new_code', code: 'invalid_value' }],
    ['transfer kind 6', () => patch(file, 2, 112, '6'), { record: 2, field: 'transfer_kind', code: 'invalid_value' }],
    ['an EDI identifier', () => patch(file, 2, 113, 'Y'), { record: 2, field: 'identifier', code: 'unsupported' }],
    ['a clearing-house number', () => patch(file, 2, 39, '1234'), { record: 2, field: 'clearing_house', code: 'invalid_value' }],
    ['a blank payee name', () => patch(file, 2, 51, ' '.repeat(30)), { record: 2, field: 'payee_name', code: 'required' }],
    ['a filler that is not blank', () => patch(file, 2, 120, 'A'), { record: 2, field: 'filler', code: 'invalid_value' }],
    ['a trailer filler that is not blank', () => patch(file, 4, 50, '1'), { record: 4, field: 'filler', code: 'invalid_value' }],
    ['an EBCDIC code division', () => patch(file, 1, 4, '1'), { record: 1, field: 'code_division', code: 'unsupported' }],
    ['a direct-debit kind code', () => patch(file, 1, 2, '91'), { record: 1, field: 'kind_code', code: 'invalid_value' }],
  ])('%s', (_name, make, expected) => {
    expect(issuesOf(make())).toContainEqual(expected);
  });

  it('an empty file', () => {
    expect(issuesOf(Buffer.alloc(0))).toEqual([{ record: 1, field: 'file', code: 'record_order' }]);
  });

  it('an unseparated file whose length is not a multiple of 120', () => {
    expect(issuesOf(iconv.encode(GOLDEN_LINES.join('') + ' ', 'Shift_JIS'))).toContainEqual({ record: 6, field: 'record', code: 'invalid_record_length' });
  });

  it('reports every defect at once, each with its record', () => {
    const bad = patch(patch(patch(file, 2, 2, '0002'), 3, 81, '000000000X'), 4, 2, '000009');
    const issues = issuesOf(bad);
    expect(issues).toEqual(
      expect.arrayContaining([
        { record: 2, field: 'bank_code', code: 'unknown_bank' },
        { record: 3, field: 'amount', code: 'invalid_format' },
        { record: 4, field: 'total_count', code: 'trailer_mismatch' },
      ]),
    );
    // the total cannot be checked while an amount is unreadable: no noise about it
    expect(issues.map((i) => i.field)).not.toContain('total_amount');
    expect(failure(() => readTransferFile(bad, { createdOn: CREATED })).message).toMatch(/^record 2: bank_code: /);
  });

  it('the bank check can be left to the caller, formats still checked', () => {
    expect(readTransferFile(patch(file, 2, 2, '0002'), { createdOn: CREATED, checkBanks: false }).records[0]!.bankCode).toBe('0002');
  });

  it('banks are checked against the directory given (e.g. with an override)', () => {
    const directory = BankDirectory.withOverride({ version: 't', branches: [{ bank: '0005', code: '103', remove: true }] });
    expect(failure(() => readTransferFile(file, { createdOn: CREATED, directory })).issues[0]).toMatchObject({ record: 2, field: 'branch_code', code: 'unknown_branch' });
  });

  it('refuses a bad creation date', () => {
    expect(failure(() => readTransferFile(file, { createdOn: '2026-13-01' })).field).toBe('created_on');
  });

  it('MMDD means the first such date on or after the creation date', () => {
    // created 2026-12-20, dated 0105: 2027-01-05 (Tue), within 30 days, a business day
    const later = writeTransferFile({ ...GOLDEN_INPUT, header: { ...GOLDEN_INPUT.header, transferDate: '2027-01-05' } }, { createdOn: '2026-12-20' });
    expect(readTransferFile(later, { createdOn: '2026-12-20' }).header.transferDate).toBe('2027-01-05');
    // a date in the bank's year-end closure
    expect(readTransferFile(patch(later, 1, 55, '0104'), { createdOn: '2026-12-20' }).header.transferDate).toBe('2027-01-04');
    expect(issuesOf(patch(later, 1, 55, '0102'), '2026-12-20')).toContainEqual({ record: 1, field: 'transfer_date', code: 'invalid_date' });
  });
});

describe('the writer refuses what the reader would', () => {
  const write = (patchInput: (f: TransferFileInput) => TransferFileInput, createdOn = CREATED) => failure(() => writeTransferFile(patchInput(GOLDEN_INPUT), { createdOn }));
  const withRecord = (i: number, r: Record<string, unknown>) => (f: TransferFileInput): TransferFileInput => ({ ...f, records: f.records.map((x, j) => (j === i ? ({ ...x, ...r } as typeof x) : x)) });
  const withHeader = (h: Record<string, unknown>) => (f: TransferFileInput): TransferFileInput => ({ ...f, header: { ...f.header, ...h } as typeof f.header });

  it.each<[string, (f: TransferFileInput) => TransferFileInput, string, string]>([
    ['a 31-character payee name', withRecord(0, { payeeName: 'ｱ'.repeat(31) }), 'records[0].payee_name', 'too_long'],
    ['an unnormalised payee name', withRecord(0, { payeeName: 'ヤマダ' }), 'records[0].payee_name', 'invalid_character'],
    ['an empty payee name', withRecord(1, { payeeName: '' }), 'records[1].payee_name', 'required'],
    ['a 41-character requester name', withHeader({ requesterName: 'ｱ'.repeat(41) }), 'header.requester_name', 'too_long'],
    ['a 16-character bank name', withRecord(0, { bankName: 'ｱ'.repeat(16) }), 'records[0].bank_name', 'too_long'],
    ['an amount of 0', withRecord(0, { amount: 0 }), 'records[0].amount', 'invalid_value'],
    ['an amount of 11 digits', withRecord(0, { amount: 10_000_000_000 }), 'records[0].amount', 'invalid_value'],
    ['a fractional amount', withRecord(0, { amount: 1.5 }), 'records[0].amount', 'invalid_value'],
    ['an amount as a string', withRecord(0, { amount: '100' }), 'records[0].amount', 'invalid_value'],
    ['a 19-digit reference', withRecord(0, { reference: '1'.repeat(19) }), 'records[0].reference', 'invalid_format'],
    ['a 6-digit account number', withRecord(0, { accountNumber: '123456' }), 'records[0].account_number', 'invalid_format'],
    ['account type 3', withRecord(0, { accountType: '3' }), 'records[0].account_type', 'invalid_value'],
    ['an unknown branch', withRecord(0, { branchCode: '000' }), 'records[0].branch_code', 'unknown_branch'],
    ['an unknown bank', withRecord(0, { bankCode: '0002' }), 'records[0].bank_code', 'unknown_bank'],
    ['a 9-digit requester code', withHeader({ requesterCode: '123456789' }), 'header.requester_code', 'invalid_format'],
    ['kind code 91', withHeader({ kindCode: '91' }), 'header.kind_code', 'invalid_value'],
    ['a date on a Saturday', withHeader({ transferDate: '2026-10-03' }), 'header.transfer_date', 'invalid_date'],
    ['a date before the creation date', withHeader({ transferDate: '2026-09-30' }), 'header.transfer_date', 'invalid_date'],
    ['a date 31 days ahead', withHeader({ transferDate: '2026-11-02' }), 'header.transfer_date', 'invalid_date'],
    ['a malformed date', withHeader({ transferDate: '2026-1-5' }), 'header.transfer_date', 'invalid_date'],
    ['no records', (f) => ({ ...f, records: [] }), 'records', 'required'],
  ])('%s', (_name, change, field, code) => {
    expect(write(change).issues).toContainEqual(expect.objectContaining({ field, code }));
  });

  it('a date exactly 30 days ahead on a business day is fine', () => {
    expect(() => writeTransferFile({ ...GOLDEN_INPUT, header: { ...GOLDEN_INPUT.header, transferDate: '2026-10-30' } }, { createdOn: '2026-09-30' })).not.toThrow();
  });
});

// ---- round trip ------------------------------------------------------------------------------
const BRANCHES = (() => {
  const dir = BankDirectory.base();
  return ['0001', '0005', '0009', '0010', '0017', '0033', '0036', '0116', '1310', '9900'].flatMap((b) => dir.branches(b).slice(0, 15));
})();
const KANA = [...'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝﾞﾟABCXYZ0189().-'];
function arbText(max: number, min = 1): fc.Arbitrary<string> {
  const ch = fc.constantFrom(...KANA);
  return fc
    .tuple(ch, fc.array(fc.oneof(ch, fc.constant(' ')), { maxLength: max - 1 }))
    .map(([first, rest]) => (first + rest.join('')).trimEnd())
    .filter((s) => s.length >= min && s.length <= max);
}
const arbDigits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
const arbAmount = fc.oneof(fc.integer({ min: 1, max: 9_999_999_999 }), fc.constant(9_999_999_999), fc.constant(1));
const arbDates = fc.tuple(fc.integer({ min: 0, max: 8700 }), fc.integer({ min: 0, max: 20 })).map(([d, k]) => {
  const createdOn = addCalendarDays('2026-01-01', d);
  return { createdOn, date: nextBankBusinessDay(addCalendarDays(createdOn, k - 1)) };
});
const arbRecord = fc.record({
  branch: fc.constantFrom(...BRANCHES),
  bankName: arbText(15, 0),
  branchName: arbText(15, 0),
  accountType: fc.constantFrom('1', '2', '4', '9' as const),
  accountNumber: arbDigits(7),
  payeeName: fc.oneof(arbText(30), fc.constant('ｱ'.repeat(30))),
  amount: arbAmount,
  newCode: fc.constantFrom('0', '1', '2' as const),
  reference: arbDigits(20),
  method: fc.constantFrom('7', '8' as const),
});

describe('round trip', () => {
  it('write → read gives back the input (random valid files, maximum lengths and amounts)', () => {
    fc.assert(
      fc.property(arbDates, fc.array(arbRecord, { minLength: 1, maxLength: 20 }), fc.constantFrom('21', '11', '12' as const), arbText(40), ({ createdOn, date }, recs, kindCode, requesterName) => {
        const input = {
          header: { kindCode, requesterCode: '0000000001', requesterName, transferDate: date, bankCode: '0001', bankName: '', branchCode: '100', branchName: 'ﾎﾝﾃﾝ', accountType: '1' as const, accountNumber: '0000001' },
          records: recs.map(({ branch, ...r }) => ({ ...r, bankCode: branch.bankCode, branchCode: branch.code })),
        };
        const read = readTransferFile(writeTransferFile(input, { createdOn }), { createdOn });
        expect(read.header).toEqual(input.header);
        expect(read.records.map(({ recordNumber: _n, ...r }) => r)).toEqual(input.records);
        expect(read.records.map((r) => r.recordNumber)).toEqual(input.records.map((_r, i) => i + 2));
        expect(read.totalAmount).toBe(input.records.reduce((s, r) => s + r.amount, 0));
      }),
      { numRuns: 60 },
    );
  });
});

import { ValidationError } from '@kessai/platform';
import { recipientsFromCsv } from './recipients-csv';
import { MAX_RECIPIENTS_PER_ORDER, RECIPIENT_TRANSFER_CAP } from './limits';
import { findSplits, validateRecipients } from './recipients';
import type { RecipientInput } from './types';
import iconv from 'iconv-lite';

const row = (over: Partial<RecipientInput> = {}): RecipientInput => ({ name: '山田 太郎', nameKana: 'ヤマダ タロウ', amount: 5_000, email: 'taro@example.jp', reference: 'R1', ...over });
const full = { mode: 'full_service' as const, existing: [], firstRowNumber: 1 };

function violations(fn: () => unknown): { field: string; description: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.fieldViolations;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('recipients per order', () => {
  it.each([
    [MAX_RECIPIENTS_PER_ORDER, true],
    [MAX_RECIPIENTS_PER_ORDER + 1, false],
  ])('%i recipients: accepted %s', (n, ok) => {
    const rows = Array.from({ length: n }, (_, i) => row({ email: `p${i}@example.jp`, nameKana: `ヤマダ${i}` }));
    if (ok) expect(validateRecipients(rows, full)).toHaveLength(n);
    else expect(violations(() => validateRecipients(rows, full))).toEqual([expect.objectContaining({ field: 'rows' })]);
  });

  it('counts the recipients the order already has', () => {
    const existing = Array.from({ length: MAX_RECIPIENTS_PER_ORDER }, (_, i) => ({ rowNumber: i + 1, kanaKey: `K${i}`, amount: 1, email: '', phone: '', postalAddress: null, accountKey: '' }));
    expect(violations(() => validateRecipients([row()], { ...full, existing, firstRowNumber: MAX_RECIPIENTS_PER_ORDER + 1 }))[0].field).toBe('rows');
  });
});

describe('amount per recipient', () => {
  it.each([
    [0, false],
    [1, true],
    [RECIPIENT_TRANSFER_CAP, true],
    [RECIPIENT_TRANSFER_CAP + 1, false],
    [1.5, false],
    [Number.NaN, false],
  ])('%d yen: accepted %s', (amount, ok) => {
    if (ok) expect(validateRecipients([row({ amount })], full)[0].amount).toBe(amount);
    else expect(violations(() => validateRecipients([row({ amount })], full))).toEqual([expect.objectContaining({ field: 'rows[1].amount' })]);
  });
});

describe('every row error names its row and field; the upload is refused whole', () => {
  it.each<[string, Partial<RecipientInput>, string]>([
    ['no name', { name: '' }, 'rows[2].name'],
    ['kana with a forbidden character', { nameKana: 'ヤマダ＊タロウ' }, 'rows[2].name_kana'],
    ['no kana', { nameKana: '' }, 'rows[2].name_kana'],
    ['bad email', { email: 'not-an-email' }, 'rows[2].email'],
    ['no way to reach', { email: '', phone: '', postalAddress: undefined }, 'rows[2].email'],
    ['bad postal code', { postalAddress: { postalCode: '12', prefecture: '東京都', city: '千代田区', line1: '1-1' } }, 'rows[2].postal_address.postal_code'],
    ['bad phone', { phone: 'abc' }, 'rows[2].phone'],
  ])('%s', (_what, over, field) => {
    const v = violations(() => validateRecipients([row(), row({ ...over, email: over.email ?? 'b@example.jp', nameKana: over.nameKana ?? 'スズキ' })], full));
    expect(v.map((x) => x.field)).toEqual([field]);
  });

  it('lists the errors of several rows at once', () => {
    const v = violations(() => validateRecipients([row({ amount: 0 }), row({ nameKana: 'サトウ' }), row({ name: '', nameKana: 'タナカ' })], full));
    expect(v.map((x) => x.field)).toEqual(['rows[1].amount', 'rows[3].name']);
  });

  it('transfer-only rows need a valid bank account, named by field', () => {
    const v = violations(() => validateRecipients([row({ account: { bankCode: '0001', branchCode: '99', accountType: 1, accountNumber: '1234567', holderKana: 'ヤマダ タロウ' } })], { ...full, mode: 'transfer_only' }));
    expect(v.map((x) => x.field)).toEqual(['rows[1].account.branch_code']);
    const ok = validateRecipients([row({ account: { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '123', holderKana: 'やまだ たろう' } })], { ...full, mode: 'transfer_only' });
    expect(ok[0].account).toMatchObject({ bankCode: '0001', branchCode: '001', accountNumber: '0000123', holderKana: 'ﾔﾏﾀﾞ ﾀﾛｳ' });
  });
});

describe('splitting refused', () => {
  const half = RECIPIENT_TRANSFER_CAP / 2;
  it.each<[string, Partial<RecipientInput>, Partial<RecipientInput>, boolean]>([
    ['same kana and email, over the cap', { amount: half }, { amount: half + 1 }, true],
    ['same kana and email, exactly the cap', { amount: half }, { amount: half }, false],
    ['same kana (other width) and phone', { amount: half, email: 'a@x.jp', phone: '090-1111-2222' }, { amount: half + 1, nameKana: 'ﾔﾏﾀﾞ ﾀﾛｳ', email: 'b@x.jp', phone: '09011112222' }, true],
    ['same kana, other contacts', { amount: half, email: 'a@x.jp' }, { amount: half + 1, email: 'b@x.jp' }, false],
    ['same email, other kana', { amount: half }, { amount: half + 1, nameKana: 'スズキ ハナコ' }, false],
    ['same kana and address', { amount: half, email: 'a@x.jp', postalAddress: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '1-1' } }, { amount: half + 1, email: 'b@x.jp', postalAddress: { postalCode: '1000001', prefecture: '東京都', city: '千代田区', line1: '1-1' } }, true],
  ])('%s → refused %s', (_what, a, b, refused) => {
    if (!refused) {
      expect(validateRecipients([row(a), row(b)], full)).toHaveLength(2);
      return;
    }
    const v = violations(() => validateRecipients([row(a), row(b)], full));
    expect(v.map((x) => x.field)).toEqual(['rows[1].amount', 'rows[2].amount']);
    expect(v[0].description).toMatch(/splitting/);
  });

  it('checks against the recipients the order already has', () => {
    const existing = [{ rowNumber: 1, kanaKey: 'ﾔﾏﾀﾞﾀﾛｳ', amount: 600_000, email: 'taro@example.jp', phone: '', postalAddress: null, accountKey: '' }];
    const v = violations(() => validateRecipients([row({ amount: 400_001 })], { ...full, existing, firstRowNumber: 2 }));
    expect(v.map((x) => x.field)).toEqual(['rows[2].amount']);
  });

  it('groups chains of shared contacts', () => {
    const base = { kanaKey: 'K', postalAddress: null, accountKey: '' };
    const groups = findSplits([
      { ...base, rowNumber: 1, amount: 400_000, email: 'a', phone: '' },
      { ...base, rowNumber: 2, amount: 400_000, email: 'a', phone: '1' },
      { ...base, rowNumber: 3, amount: 400_000, email: '', phone: '1' },
    ]);
    expect(groups).toEqual([expect.objectContaining({ rows: [1, 2, 3], total: 1_200_000 })]);
  });
});

describe('CSV uploads', () => {
  const text = 'name,name_kana,amount,email,reference\r\n山田 太郎,ヤマダ タロウ,"1,000",taro@example.jp,A-1\r\n"鈴木, 花子",スズキ ハナコ,2000,hanako@example.jp,A-2\r\n';
  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), undefined],
    ['UTF-8', Buffer.from(text), 'utf-8' as const],
    ['Shift_JIS (detected)', iconv.encode(text, 'Shift_JIS'), undefined],
    ['Shift_JIS (declared)', iconv.encode(text, 'Shift_JIS'), 'shift_jis' as const],
  ])('%s', (_what, bytes, enc) => {
    const rows = recipientsFromCsv(bytes, enc);
    expect(rows.map((r) => [r.name, r.nameKana, r.amount, r.reference])).toEqual([
      ['山田 太郎', 'ヤマダ タロウ', 1000, 'A-1'],
      ['鈴木, 花子', 'スズキ ハナコ', 2000, 'A-2'],
    ]);
    expect(validateRecipients(rows, full)).toHaveLength(2);
  });

  it.each([
    ['an unknown column', 'name,name_kana,amount,colour\r\nA,ア,1,red\r\n', 'csv'],
    ['a missing amount column', 'name,name_kana\r\nA,ア\r\n', 'csv'],
    ['a row with too many columns', 'name,name_kana,amount\r\nA,ア,1,extra\r\n', 'rows[1]'],
  ])('refuses %s, naming the field', (_what, csv, field) => {
    expect(violations(() => recipientsFromCsv(Buffer.from(csv), 'utf-8'))[0].field).toBe(field);
  });

  it('a non-numeric amount is that row\'s amount error', () => {
    const rows = recipientsFromCsv(Buffer.from('name,name_kana,amount,email\r\nA,ア,abc,a@x.jp\r\n'), 'utf-8');
    expect(violations(() => validateRecipients(rows, full)).map((v) => v.field)).toEqual(['rows[1].amount']);
  });
});

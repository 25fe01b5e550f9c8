import { ZenginError, bankKanaLength, holderNameKey, isBankKana, sameHolderName, toBankKana } from './index';

function failure(fn: () => unknown): ZenginError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZenginError) return err;
    throw err;
  }
  throw new Error('expected a ZenginError');
}

describe('toBankKana: width, kana kind and size', () => {
  it.each([
    ['ヤマダ タロウ', 'ﾔﾏﾀﾞ ﾀﾛｳ'],
    ['やまだ　たろう', 'ﾔﾏﾀﾞ ﾀﾛｳ'],
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 'ﾔﾏﾀﾞ ﾀﾛｳ'],
    ['キュウ', 'ｷﾕｳ'],
    ['ｷｭｳ', 'ｷﾕｳ'],
    ['きっしゃ', 'ｷﾂｼﾔ'],
    ['ヴァイオリン', 'ｳﾞｱｲｵﾘﾝ'],
    ['パピプペポ', 'ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ'],
    ['ガ', 'ｶﾞ'],
    ['カ\u3099', 'ｶﾞ'],
    ['ハ゜', 'ﾊﾟ'],
    ['ヶ丘'.slice(0, 1), 'ｹ'],
    ['ヰヱヲ', 'ｲｴｦ'],
    ['スーパー', 'ｽ-ﾊﾟ-'],
    ['ｽｰﾊﾟｰ', 'ｽ-ﾊﾟ-'],
    ['ＡＢＣ　１２３', 'ABC 123'],
    ['abc', 'ABC'],
    ['ｊｏｈｎ', 'JOHN'],
    ['A.B-C(D)', 'A.B-C(D)'],
    ['  ヤマダ   タロウ  ', 'ﾔﾏﾀﾞ ﾀﾛｳ'],
  ])('%s → %s', (input, expected) => {
    expect(toBankKana(input)).toBe(expected);
  });
});

describe('toBankKana: legal-entity abbreviations by position', () => {
  it.each([
    ['株式会社ヤマダ', 'ｶ)ﾔﾏﾀﾞ'],
    ['株式会社 ヤマダ', 'ｶ)ﾔﾏﾀﾞ'],
    ['ヤマダ株式会社', 'ﾔﾏﾀﾞ(ｶ'],
    ['ヤマダ 株式会社', 'ﾔﾏﾀﾞ(ｶ'],
    ['ヤマダ株式会社トウキヨウシテン', 'ﾔﾏﾀﾞ(ｶ)ﾄｳｷﾖｳｼﾃﾝ'],
    ['ヤマダ 株式会社 トウキヨウ', 'ﾔﾏﾀﾞ(ｶ)ﾄｳｷﾖｳ'],
    ['(株)ヤマダ', 'ｶ)ﾔﾏﾀﾞ'],
    ['（株）ヤマダ', 'ｶ)ﾔﾏﾀﾞ'],
    ['㈱ヤマダ', 'ｶ)ﾔﾏﾀﾞ'],
    ['カブシキガイシャヤマダ', 'ｶ)ﾔﾏﾀﾞ'],
    ['かぶしきがいしゃ やまだ', 'ｶ)ﾔﾏﾀﾞ'],
    ['ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞ', 'ｶ)ﾔﾏﾀﾞ'],
    ['有限会社ヤマダ', 'ﾕ)ﾔﾏﾀﾞ'],
    ['ヤマダ（有）', 'ﾔﾏﾀﾞ(ﾕ'],
    ['合同会社ヤマダ', 'ﾄﾞ)ﾔﾏﾀﾞ'],
    ['医療法人社団ヤマダカイ', 'ｲ)ﾔﾏﾀﾞｶｲ'],
    ['一般社団法人ヤマダ', 'ｼﾔ)ﾔﾏﾀﾞ'],
    ['特定非営利活動法人ヤマダ', 'ﾄｸﾋ)ﾔﾏﾀﾞ'],
    ['学校法人ヤマダガクエン', 'ｶﾞｸ)ﾔﾏﾀﾞｶﾞｸｴﾝ'],
    ['株式会社', 'ｶ)'],
    ['ｶ)ﾔﾏﾀﾞ', 'ｶ)ﾔﾏﾀﾞ'],
  ])('%s → %s', (input, expected) => {
    expect(toBankKana(input)).toBe(expected);
  });
});

describe('toBankKana: refused input names the character and its position', () => {
  it.each([
    ['ジョーンズ・スミス', '・', 6],
    ['ヤマダ＊', '＊', 4],
    ['A&B', '&', 2],
    ['A$', '$', 2],
    ['A+B', '+', 2],
    ['A;B', ';', 2],
    ['A@B', '@', 2],
    ['A=B', '=', 2],
    ['100%', '%', 4],
    ['山田', '山', 1],
    ['ヤマダ😀', '😀', 4],
    ['ヤマダ\tタロウ', '\t', 4],
    ['ヤマダ\nタロウ', '\n', 4],
    ['株式会社山田', '山', 5],
    ['A/B', '/', 2],
    ['A,B', ',', 2],
    ['ﾔﾏﾀﾞ･ﾀﾛｳ', '･', 5],
    ['①', '①', 1],
  ])('%j refused at %s (position %d)', (input, ch, position) => {
    const err = failure(() => toBankKana(input));
    expect(err.code).toBe('invalid_character');
    expect(err.field).toBe('holder_name');
    expect(err.issues[0]!.position).toBe(position);
    expect(err.message).toContain(`position ${position}`);
    if (ch >= ' ') expect(err.message).toContain(ch);
  });

  it('positions count code points, not UTF-16 units', () => {
    expect(failure(() => toBankKana('😀😀山')).issues[0]!.position).toBe(1);
    expect(failure(() => toBankKana('アア😀')).issues[0]!.position).toBe(3);
  });

  it('allows / and , only when asked', () => {
    expect(toBankKana('A/B,C', { allowSlashComma: true })).toBe('A/B,C');
  });

  it('refuses empty, blank and non-string input', () => {
    expect(failure(() => toBankKana('')).code).toBe('required');
    expect(failure(() => toBankKana('　 ')).code).toBe('required');
    expect(failure(() => toBankKana(undefined)).code).toBe('required');
    expect(failure(() => toBankKana(42)).code).toBe('invalid_format');
  });

  it('never cuts a long name: maxLength is an error with the length', () => {
    const name = 'ア'.repeat(30);
    expect(toBankKana(name, { maxLength: 30 })).toHaveLength(30);
    const err = failure(() => toBankKana(`${name}ア`, { maxLength: 30, field: 'payee_name' }));
    expect(err.code).toBe('too_long');
    expect(err.field).toBe('payee_name');
    expect(err.message).toContain('31');
    // Voiced kana take two half-width characters.
    expect(failure(() => toBankKana('ガ'.repeat(16), { maxLength: 30 })).code).toBe('too_long');
  });
});

describe('bankKanaLength', () => {
  it('counts half-width characters of the normalised name', () => {
    expect(bankKanaLength('ガ')).toBe(2);
    expect(bankKanaLength('株式会社ヤマダ')).toBe(6);
    expect(bankKanaLength('ＡＢＣ')).toBe(3);
  });
});

describe('isBankKana', () => {
  it('accepts only the file character set', () => {
    expect(isBankKana('ｶ)ﾔﾏﾀﾞ 1.-')).toBe(true);
    expect(isBankKana('ヤマダ')).toBe(false);
    expect(isBankKana('ｬ')).toBe(false);
    expect(isBankKana('a')).toBe(false);
    expect(isBankKana('A/B')).toBe(false);
    expect(isBankKana('A/B', { allowSlashComma: true })).toBe(true);
  });
});

describe('sameHolderName', () => {
  it.each([
    ['株式会社ヤマダ', 'ｶ)ﾔﾏﾀﾞ'],
    ['やまだ たろう', 'ﾔﾏﾀﾞﾀﾛｳ'],
    ['キュウ', 'ｷﾕｳ'],
    ['ＡＢＣ', 'abc'],
    ['山田・太郎', '山田・太郎'],
  ])('%s = %s', (a, b) => expect(sameHolderName(a, b)).toBe(true));

  it.each([
    ['ヤマダ', 'ヤマタ'],
    ['ヤマダ(カ', 'ヤマダ'],
    ['山田', '田山'],
  ])('%s ≠ %s', (a, b) => expect(sameHolderName(a, b)).toBe(false));

  it('keys never throw', () => {
    expect(holderNameKey('山田 太郎')).toBe('山田太郎');
  });
});

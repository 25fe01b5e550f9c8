import { ValidationError } from '@kessai/platform';
import { escapeHtml, formatYen, postcardText, renderEmail, validateVariables } from './templates';

const vars = { merchant_name: '<株式会社&テスト>', registration_code: 'ABCD-1234', link: 'https://kessai.example/r/abc', message: 'ご迷惑を<b>おかけ</b>しました' };

describe('renderEmail', () => {
  it('renders Japanese text with the recipient, amount, code and link', () => {
    const m = renderEmail('remittance_invitation', { recipientName: '山田 太郎', amount: 12_345, variables: vars });
    expect(m.subject).toBe('【<株式会社&テスト>】ご返金・お支払いの受取口座ご登録のお願い');
    expect(m.text).toContain('山田 太郎 様');
    expect(m.text).toContain('お受取金額：12,345円');
    expect(m.text).toContain('登録コード：ABCD-1234');
    expect(m.text).toContain('https://kessai.example/r/abc');
  });

  it('escapes the merchant’s name and message in HTML', () => {
    const m = renderEmail('remittance_invitation', { recipientName: '<script>', amount: 1, variables: vars });
    expect(m.html).not.toContain('<b>');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;株式会社&amp;テスト&gt;');
    expect(m.html).toContain('ご迷惑を&lt;b&gt;おかけ&lt;/b&gt;しました');
    expect(m.html).toContain('<a href="https://kessai.example/r/abc">');
  });

  it('formats the payment-number mail', () => {
    const m = renderEmail('payment_number', {
      recipientName: '佐藤 花子',
      amount: 3_000,
      variables: { merchant_name: 'テスト商店', payment_number: '1234567890123', due_date: '2026-12-24', link: 'https://kessai.example/slip/x' },
    });
    expect(m.subject).toBe('【テスト商店】コンビニお支払い番号のお知らせ');
    expect(m.text).toContain('お支払い期限：2026年12月24日 23:59まで');
    expect(m.text).toContain('お支払い番号：1234567890123');
  });
});

describe('validateVariables', () => {
  it('names every missing variable', () => {
    try {
      validateVariables('payment_number', { merchant_name: 'x', link: 'javascript:alert(1)' });
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldViolations.map((v) => v.field)).toEqual(['variables.payment_number', 'variables.due_date', 'variables.link']);
    }
  });
});

describe('postcardText', () => {
  it('keeps the registration code apart for its own box', () => {
    const p = postcardText('remittance_invitation', { recipientName: '山田 太郎', amount: 500, variables: vars });
    expect(p.code).toEqual({ label: '登録コード', value: 'ABCD-1234' });
    expect(p.link).toBe('https://kessai.example/r/abc');
    expect(p.title).toBe('ご返金・お支払いの受取口座ご登録のお願い');
  });
});

it('helpers', () => {
  expect(formatYen(1_000_000)).toBe('1,000,000円');
  expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
});

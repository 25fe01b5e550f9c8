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

describe('the konbini customer mails after the first', () => {
  const bill = {
    merchant_name: 'テスト商店',
    payment_number: 'セブン-イレブン: 払込票番号 1234567890123',
    due_date: '2026-12-24',
    link: 'https://kessai.example/pay/tok',
    slip_link: 'https://kessai.example/slips/tok',
  };

  it('links the payment-number mail to the hosted page, with the slip beside it', () => {
    const m = renderEmail('payment_number', { recipientName: '佐藤 花子', amount: 3_000, variables: bill });
    expect(m.text).toContain('お支払い方法の確認（番号・手順・バーコード）：\nhttps://kessai.example/pay/tok');
    expect(m.text).toContain('払込票（PDF）の表示・印刷：\nhttps://kessai.example/slips/tok');
  });

  it('reminds before the due date with the numbers and the page', () => {
    const m = renderEmail('payment_reminder', { recipientName: '佐藤 花子', amount: 3_000, variables: bill });
    expect(m.subject).toBe('【テスト商店】お支払い期限が近づいています（2026年12月24日まで）');
    expect(m.text).toContain('お支払い金額：3,000円');
    expect(m.text).toContain('1234567890123');
    expect(m.text).toContain('https://kessai.example/pay/tok');
  });

  it('tells the old terms beside the new when a bill changes', () => {
    const m = renderEmail('bill_updated', { recipientName: '佐藤 花子', amount: 3_500, variables: { ...bill, previous_amount: '3000', previous_due_date: '2026-12-20' } });
    expect(m.subject).toBe('【テスト商店】ご請求内容が変更されました');
    expect(m.text).toContain('変更前のお支払い金額：3,000円');
    expect(m.text).toContain('変更前のお支払い期限：2026年12月20日');
    expect(m.text).toContain('変更後のお支払い金額：3,500円');
    expect(m.text).toContain('変更後のお支払い期限：2026年12月24日 23:59まで');
  });

  it('confirms a payment without pretending to be the legal receipt', () => {
    const m = renderEmail('payment_receipt', { recipientName: '佐藤 花子', amount: 3_000, variables: { merchant_name: 'テスト商店', paid_on: '2026-12-10' } });
    expect(m.subject).toBe('【テスト商店】お支払いを確認しました');
    expect(m.text).toContain('お支払い日：2026年12月10日');
    expect(m.text).toContain('正式な領収書は、お支払いの店舗が発行したレシート');
  });

  it('names what each new kind lacks', () => {
    const fields = (kind: Parameters<typeof validateVariables>[0], v: Record<string, string>) => {
      try {
        validateVariables(kind, v);
        return [];
      } catch (err) {
        return (err as ValidationError).fieldViolations.map((f) => f.field);
      }
    };
    expect(fields('bill_updated', { ...bill, previous_amount: '3,000' })).toEqual(['variables.previous_due_date', 'variables.previous_amount']);
    expect(fields('payment_receipt', { merchant_name: 'x' })).toEqual(['variables.paid_on']);
    expect(fields('payment_reminder', { ...bill, slip_link: 'ftp://x' })).toEqual(['variables.slip_link']);
  });

  it('tells the merchant an order’s shortfall and, when it closes, its results', () => {
    const short = renderEmail('remittance_shortfall', { recipientName: 'テスト興行 ご担当者', amount: 60_000, variables: { order_id: 'rmo_1', order_name: '払戻し', total_amount: '70000', link: 'http://api.example/v1/remittance_orders/rmo_1' } });
    expect(short.subject).toBe('【Kessai】送金依頼の資金が不足しています（払戻し）');
    expect(short.text).toContain('不足額：60,000円');
    expect(short.text).toContain('依頼総額：70,000円');
    const results = renderEmail('remittance_results', {
      recipientName: 'テスト興行 ご担当者', amount: 0,
      variables: { order_id: 'rmo_1', order_name: '払戻し', paid_count: '2', paid_amount: '50000', returned_count: '1', returned_amount: '20000', link: 'http://api.example/v1/remittance_orders/rmo_1/results' },
    });
    expect(results.text).toContain('お振込み済み：2件 50,000円');
    expect(results.text).toContain('未送金（残高へ返却）：1件 20,000円');
    expect(() => validateVariables('remittance_results', { order_id: 'rmo_1', order_name: 'x', paid_count: '2', paid_amount: '5万', returned_count: '0', returned_amount: '0', link: 'http://x' })).toThrow(ValidationError);
  });

  it('tells the merchant a fixed statement: the figures, the payout and its date, or what carries over', () => {
    const base = {
      statement_id: 'stm_1', period_start: '2026-11-01', period_close: '2026-11-15', confirmed_collections: '58000', fees: '0', consumption_tax: '150', stamp_duty: '200',
      payout_fee: '1500', payout_amount: '56150', carried_in: '0', carried_over: '0', payout_date: '2026-11-30', link: 'http://api.example/v1/statements/stm_1',
    };
    const paid = renderEmail('statement_fixed', { recipientName: 'テスト商店 ご担当者', amount: 56_150, variables: base });
    expect(paid.subject).toBe('【Kessai】収納代金のお支払い金額確定のお知らせ（2026年11月1日〜2026年11月15日）');
    expect(paid.text).toContain('2026年11月30日にご登録の口座へお振込みします');
    expect(paid.text).toContain('お振込み金額：56,150円');
    expect(paid.text).toContain('印紙税相当額：200円');
    expect(paid.text).not.toContain('次回への繰越');
    const carried = renderEmail('statement_fixed', { recipientName: 'x', amount: 0, variables: { ...base, payout_fee: '0', payout_amount: '0', carried_over: '-1200' } });
    expect(carried.text).toContain('今回のお振込みはありません');
    expect(carried.text).toContain('次回への繰越：-1,200円');
    expect(() => validateVariables('statement_fixed', { ...base, payout_amount: '5万' })).toThrow(ValidationError);
    expect(() => validateVariables('statement_fixed', { ...base, carried_over: '-300' })).not.toThrow();
  });
  it('tells the merchant of a fee invoice and, past its due date, that it is overdue', () => {
    const variables = { invoice_id: 'inv_1', month: '2026-12', due_date: '2027-01-31', account_number: '1234567' };
    const issued = renderEmail('invoice_issued', { recipientName: 'テスト興行 ご担当者', amount: 12_210, variables });
    expect(issued.subject).toBe('【Kessai】2026-12分 送金サービス利用料のご請求');
    expect(issued.text).toContain('ご請求金額（税込）：12,210円');
    expect(issued.text).toContain('お振込先（請求書専用口座）：1234567');
    const overdue = renderEmail('invoice_overdue', { recipientName: 'テスト興行 ご担当者', amount: 12_210, variables });
    expect(overdue.subject).toBe('【Kessai】送金サービス利用料のお支払期限を過ぎています（2026-12分）');
    expect(overdue.text).toContain('お支払期限：2027-01-31');
    expect(() => validateVariables('invoice_overdue', { invoice_id: 'inv_1', month: '2026-12', due_date: '2027-01-31' })).toThrow(ValidationError);
  });
});

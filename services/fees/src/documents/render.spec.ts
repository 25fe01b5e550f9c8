import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeCsv, parseCsv } from '@kessai/platform';
import { statementInvoice, type QualifiedInvoice } from '../domain/qualified-invoice';
import { computeStatement } from '../domain/statement';
import { feesConfig } from '../config';
import { renderInvoiceCsv } from './csv';
import { renderInvoicePdf } from './pdf';

// The renderers read back: the PDF with poppler's pdftotext (the Japanese font
// embedded, so the text extracts as written), the CSV with the platform's reader.
const FONT = feesConfig({ DATABASE_URL: 'postgres://unused@localhost/unused' }).FEES_FONT_PATH;
const ISSUER = { name: 'Kessai株式会社', registrationNumber: 'T6012345678901', address: '東京都千代田区丸の内一丁目1番1号' };

function statementDoc(): QualifiedInvoice {
  const charges = [{ kind: 'paid_bill', count: 2, amount: 233, taxable: true }, { kind: 'stamp_duty', count: 1, amount: 200, taxable: false }];
  const figures = computeStatement({ confirmedCollections: 58_000, lines: charges, carriedIn: 0, payoutFee: 1_500 });
  return statementInvoice(
    { id: 'stm_render', merchantId: 'mer_render', livemode: false, periodStart: '2026-11-16', periodClose: '2026-11-30', fixDate: '2026-12-07', payoutDate: '2026-12-14', figures, charges },
    ISSUER,
    '株式会社テスト商店',
  );
}

function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fees-doc-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('qualified invoice PDF', () => {
  it('shows the issuer and its registration number, the recipient, the rate, the tax per rate, stamp duty and the payout', async () => {
    const doc = statementDoc();
    const pdf = await renderInvoicePdf(doc, { fontPath: FONT });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // the font is embedded (subset), not referenced
    expect(pdf.toString('latin1')).toMatch(/FontFile2/);
    const text = pdfText(pdf);
    for (const want of [
      '精算書（適格請求書）', '登録番号: T6012345678901', 'Kessai株式会社', '株式会社テスト商店 御中', '2026年12月7日', '2026年11月16日〜2026年11月30日',
      '収納手数料', '振込手数料', '印紙税相当額（不課税）', '10%対象 合計（税抜）', '1,733円', '10%対象 消費税額', '173円', '不課税', '振込金額', '55,894円',
      '振込予定日 2026年12月14日', 'テストモード',
    ]) expect(text).toContain(want);
    // the tax line carries its rate
    expect(text).toMatch(/10%対象 消費税額\s+173円\s+10%/);
  });
});

describe('qualified invoice CSV', () => {
  it.each(['utf-8', 'shift_jis'] as const)('in %s: the same facts, one record each, amounts as positive yen', (encoding) => {
    const bytes = renderInvoiceCsv(statementDoc(), encoding);
    if (encoding === 'utf-8') expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    else expect(bytes.includes(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const { text } = decodeCsv(bytes, encoding);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    const find = (kind: string, item?: string) => rows.find((r) => r[0] === kind && (item === undefined || r[1] === item));
    expect(rows[0]).toEqual(['区分', '項目', '件数', '金額', '税率', '消費税額']);
    expect(find('登録番号')?.[1]).toBe('T6012345678901');
    expect(find('宛先')?.[1]).toBe('株式会社テスト商店');
    expect(find('明細', '収納手数料')).toEqual(['明細', '収納手数料', '2', '233', '10%', '']);
    expect(find('明細', '振込手数料')).toEqual(['明細', '振込手数料', '1', '1500', '10%', '']);
    expect(find('明細', '印紙税相当額（不課税）')).toEqual(['明細', '印紙税相当額（不課税）', '1', '200', '不課税', '']);
    expect(find('税率別合計')).toEqual(['税率別合計', '10%対象（税抜）', '', '1733', '10%', '173']);
    expect(find('合計')?.[3]).toBe('2106');
    expect(find('精算', '振込金額')?.[3]).toBe('55894');
    expect(rows.some((r) => r.some((c) => c.startsWith("'")))).toBe(false);
    expect(find('対象期間')?.[1]).toBe('2026-11-16～2026-11-30');
  });

  it('writes nothing Shift_JIS cannot hold: both encodings read back as the same text', () => {
    const doc = statementDoc();
    expect(decodeCsv(renderInvoiceCsv(doc, 'shift_jis'), 'shift_jis').text).toBe(decodeCsv(renderInvoiceCsv(doc, 'utf-8'), 'utf-8').text);
  });

  it('says a carry-over in words, never with a minus sign', () => {
    const charges = [{ kind: 'paid_bill', count: 1, amount: 150, taxable: true }];
    const figures = computeStatement({ confirmedCollections: 100, lines: charges, carriedIn: 0, payoutFee: 1_500 });
    const doc = statementInvoice({ id: 'stm_c', merchantId: 'mer_c', livemode: true, periodStart: '2026-11-01', periodClose: '2026-11-30', fixDate: '2026-12-07', payoutDate: '2026-12-14', figures, charges }, ISSUER, 'x');
    const rows = parseCsv(decodeCsv(renderInvoiceCsv(doc, 'utf-8')).text);
    expect(rows.find((r) => r[1] === '次回繰越（不足）')?.[3]).toBe('65');
    expect(rows.find((r) => r[1] === '振込金額')?.[3]).toBe('0');
    expect(rows.some((r) => r[0] === '注記')).toBe(false);
  });
});

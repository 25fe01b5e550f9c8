import { collectBuffer } from '@kessai/platform';
import PDFDocument from 'pdfkit';
import type { QualifiedInvoice } from '../domain/qualified-invoice';
import { jpDate, rateLabel, TITLE, yen } from './labels';

const MM = 72 / 25.4;
const LEFT = 20 * MM;
const WIDTH = 170 * MM;

/**
 * A qualified invoice as an A4 PDF, the Japanese font embedded (subset): the
 * issuer with its registration number, the recipient (御中), date, period,
 * the lines with their rate, the total and tax per rate, stamp duty as a
 * non-taxable line and, for a statement, the settlement: collections − the
 * document's total = the payout (or what carries over).
 */
export async function renderInvoicePdf(doc: QualifiedInvoice, opts: { fontPath: string }): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: 20 * MM, info: { Title: `${TITLE[doc.kind]} ${doc.number}`, Author: doc.issuer.name, Producer: 'Kessai fees' } });
  const done = collectBuffer(pdf);
  pdf.registerFont('jp', opts.fontPath);
  pdf.font('jp');

  pdf.fontSize(18).text(TITLE[doc.kind], LEFT, 20 * MM, { width: WIDTH, align: 'center' });
  if (!doc.livemode) pdf.fontSize(9).fillColor('#b00000').text('テストモード（実際の取引ではありません）', { width: WIDTH, align: 'center' }).fillColor('black');
  const top = pdf.y + 10;
  // right: date, number, issuer; left: recipient
  pdf.fontSize(9).text(`発行日: ${jpDate(doc.issuedOn)}`, LEFT + WIDTH / 2, top, { width: WIDTH / 2, align: 'right' });
  pdf.text(`書類番号: ${doc.number}`, { width: WIDTH / 2, align: 'right' });
  pdf.moveDown(0.6);
  pdf.fontSize(10).text(doc.issuer.name, { width: WIDTH / 2, align: 'right' });
  pdf.fontSize(9).text(doc.issuer.address, { width: WIDTH / 2, align: 'right' });
  pdf.text(`登録番号: ${doc.issuer.registrationNumber}`, { width: WIDTH / 2, align: 'right' });
  const rightBottom = pdf.y;
  pdf.fontSize(13).text(`${doc.recipient.name} 御中`, LEFT, top, { width: WIDTH / 2 });
  pdf.fontSize(8).text(`加盟店ID: ${doc.recipient.merchantId}`, { width: WIDTH / 2 });
  pdf.fontSize(10).moveDown(0.5).text(`対象期間: ${jpDate(doc.period.start)}〜${jpDate(doc.period.end)}`, { width: WIDTH / 2 });
  if (doc.dueOn) pdf.text(`お支払期限: ${jpDate(doc.dueOn)}`, { width: WIDTH / 2 });
  if (doc.payTo) pdf.text(`お振込先（請求書専用口座）: ${doc.payTo}`, { width: WIDTH / 2 });
  pdf.y = Math.max(pdf.y, rightBottom) + 12;

  const totalLabel = doc.kind === 'statement' ? '差引額（税込、精算金額から差し引き）' : 'ご請求金額（税込）';
  pdf.fontSize(14).text(`${totalLabel}: ${yen(doc.total)}`, LEFT, pdf.y, { width: WIDTH });
  pdf.fontSize(9).text(`（うち消費税 ${yen(doc.taxTotal)}）`, { width: WIDTH });
  pdf.moveDown(0.8);

  // the lines: item, count, amount excluding tax, rate
  const cols = [{ w: 90 * MM, a: 'left' }, { w: 20 * MM, a: 'right' }, { w: 35 * MM, a: 'right' }, { w: 25 * MM, a: 'right' }] as const;
  const row = (values: string[], size = 9) => {
    const y = pdf.y;
    let x = LEFT;
    pdf.fontSize(size);
    values.forEach((v, i) => {
      pdf.text(v, x + 2, y, { width: cols[i].w - 4, align: cols[i].a, lineBreak: false });
      x += cols[i].w;
    });
    pdf.y = y + size + 7;
    pdf.moveTo(LEFT, pdf.y - 3).lineTo(LEFT + WIDTH, pdf.y - 3).lineWidth(0.3).stroke('#999999');
  };
  row(['項目', '件数', '金額（税抜）', '税率'], 9);
  for (const l of doc.lines) row([l.label, String(l.count), yen(l.amount), rateLabel(l.taxRatePercent)]);
  if (doc.lines.length === 0) row(['（手数料はありません）', '', '', '']);
  pdf.moveDown(0.5);

  // the total and the tax per rate (one rounding per rate, down)
  for (const r of doc.rates) {
    row([`${r.ratePercent}%対象 合計（税抜）`, '', yen(r.taxableTotal), '']);
    row([`${r.ratePercent}%対象 消費税額`, '', yen(r.tax), `${r.ratePercent}%`]);
  }
  if (doc.nonTaxableTotal > 0) row(['不課税 合計（印紙税相当額）', '', yen(doc.nonTaxableTotal), '不課税']);
  row(['合計（税込）', '', yen(doc.total), ''], 10);

  const s = doc.settlement;
  if (s) {
    pdf.moveDown(1);
    pdf.fontSize(11).text('精算', LEFT, pdf.y, { width: WIDTH });
    pdf.moveDown(0.3);
    row(['確定収納金額', '', yen(s.confirmedCollections), '']);
    if (s.carriedIn !== 0) row([s.carriedIn < 0 ? '前回繰越（不足額）' : '前回繰越', '', yen(Math.abs(s.carriedIn)), '']);
    row(['差引額（上記合計、税込）', '', yen(s.deducted), '']);
    row(['振込金額', '', yen(s.payoutAmount), ''], 10);
    if (s.payoutDate) row([`振込予定日 ${jpDate(s.payoutDate)}`, '', '', '']);
    if (s.carriedOver !== 0) row([s.carriedOver < 0 ? '次回繰越（不足額、次回の精算で差し引き）' : '次回繰越', '', yen(Math.abs(s.carriedOver)), '']);
  }

  if (doc.tenants.length > 0) {
    // an owner's statement settling its tenants: each merchant's share (tax and the payout fee are the statement's, once)
    pdf.moveDown(1);
    pdf.fontSize(11).text('加盟店別内訳', LEFT, pdf.y, { width: WIDTH });
    pdf.moveDown(0.3);
    row(['加盟店', '件数', '確定収納金額', ''], 9);
    for (const t of doc.tenants) {
      row([`${t.name}（${t.merchantId}）`, String(t.collectionCount), yen(t.confirmedCollections), '']);
      row(['　手数料（税抜）', '', yen(t.fees), '10%']);
      if (t.stampDuty > 0) row(['　印紙税相当額', '', yen(t.stampDuty), '不課税']);
    }
  }

  pdf.moveDown(1);
  pdf.fontSize(8).text(
    '消費税額は書類ごと・税率ごとに1回計算し、1円未満を切り捨てています。印紙税相当額は消費税の課税対象外（不課税）です。',
    LEFT, pdf.y, { width: WIDTH },
  );
  pdf.end();
  return done;
}

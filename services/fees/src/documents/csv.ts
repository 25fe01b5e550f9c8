import { writeCsv, type CsvEncoding } from '@kessai/platform';
import type { QualifiedInvoice } from '../domain/qualified-invoice';
import { rateLabel, TITLE } from './labels';

/**
 * A qualified invoice as CSV (docs/csv.md: UTF-8 with a BOM or Shift_JIS): one
 * record per fact, typed by its first column, so a spreadsheet reads the
 * header part and the lines alike. Amounts are positive yen (a carry-over
 * says 不足 instead of a minus sign, which a download would quote).
 */
export function renderInvoiceCsv(doc: QualifiedInvoice, encoding: CsvEncoding): Buffer {
  const rows: (string | number)[][] = [
    ['区分', '項目', '件数', '金額', '税率', '消費税額'],
    ['書類', TITLE[doc.kind], '', '', '', ''],
    ['書類番号', doc.number, '', '', '', ''],
    ['発行者', doc.issuer.name, '', '', '', ''],
    ['登録番号', doc.issuer.registrationNumber, '', '', '', ''],
    ['発行者住所', doc.issuer.address, '', '', '', ''],
    ['宛先', doc.recipient.name, '', '', '', ''],
    ['宛先ID', doc.recipient.merchantId, '', '', '', ''],
    ['発行日', doc.issuedOn, '', '', '', ''],
    // (～ FULLWIDTH TILDE, not 〜 WAVE DASH: Shift_JIS (CP932) has only the former)
    ['対象期間', `${doc.period.start}～${doc.period.end}`, '', '', '', ''],
    ...(doc.dueOn ? [['支払期限', doc.dueOn, '', '', '', '']] : []),
    ...(doc.payTo ? [['振込先口座', doc.payTo, '', '', '', '']] : []),
    ...doc.lines.map((l) => ['明細', l.label, l.count, l.amount, rateLabel(l.taxRatePercent), '']),
    ...doc.rates.map((r) => ['税率別合計', `${r.ratePercent}%対象（税抜）`, '', r.taxableTotal, `${r.ratePercent}%`, r.tax]),
    ...(doc.nonTaxableTotal > 0 ? [['不課税合計', '印紙税相当額', '', doc.nonTaxableTotal, '不課税', '']] : []),
    ['消費税額合計', '', '', doc.taxTotal, '', ''],
    ['合計', doc.kind === 'statement' ? '差引額（税込）' : 'ご請求金額（税込）', '', doc.total, '', ''],
  ];
  const s = doc.settlement;
  if (s) {
    rows.push(['精算', '確定収納金額', '', s.confirmedCollections, '', '']);
    if (s.carriedIn !== 0) rows.push(['精算', s.carriedIn < 0 ? '前回繰越（不足）' : '前回繰越', '', Math.abs(s.carriedIn), '', '']);
    rows.push(['精算', '差引額（税込）', '', s.deducted, '', '']);
    rows.push(['精算', '振込金額', '', s.payoutAmount, '', '']);
    if (s.payoutDate) rows.push(['精算', '振込予定日', '', s.payoutDate, '', '']);
    if (s.carriedOver !== 0) rows.push(['精算', s.carriedOver < 0 ? '次回繰越（不足）' : '次回繰越', '', Math.abs(s.carriedOver), '', '']);
  }
  // an owner's statement settling its tenants: one record per merchant and figure
  for (const t of doc.tenants) {
    rows.push(['加盟店別内訳', `${t.name}（${t.merchantId}）確定収納金額`, t.collectionCount, t.confirmedCollections, '', '']);
    rows.push(['加盟店別内訳', `${t.name}（${t.merchantId}）手数料（税抜）`, '', t.fees, '10%', '']);
    if (t.stampDuty > 0) rows.push(['加盟店別内訳', `${t.name}（${t.merchantId}）印紙税相当額`, '', t.stampDuty, '不課税', '']);
  }
  if (!doc.livemode) rows.push(['注記', 'テストモードの書類です', '', '', '', '']);
  return writeCsv(rows, encoding);
}

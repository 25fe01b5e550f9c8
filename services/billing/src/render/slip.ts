import { collectBuffer } from '@kessai/platform';
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import { CHAINS, ChainId, PaymentNumber } from '@kessai/konbini';
import type { BillRecord } from '../domain/records';
import { LABELS } from './number-labels';

const MM = 72 / 25.4;

/** The barcode as a PNG: white background and quiet zone, so a scanner (and zbarimg) reads it. */
async function barcodePng(data: string): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: 'gs1-128',
    text: `(${data.slice(0, 2)})${data.slice(2)}`,
    scale: 3,
    height: 12,
    includetext: false,
    paddingwidth: 12,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  });
}

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;
const jpDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/** What the slip prints besides the bill: its barcodes (domain/slip-barcodes.ts) and the customer number's entries. */
export interface SlipExtras {
  barcodes: { chain: string; data: string }[];
  customerNumberEntries: PaymentNumber[];
}

/**
 * The payment slip (払込票): A4, the Japanese font embedded (subset): amount,
 * due date, merchant, message, each chain's numbers with its instructions,
 * and one convenience-store GS1-128 barcode per till chain, labelled with
 * the chain, its digits in two rows.
 */
export async function renderSlipPdf(bill: BillRecord, extras: SlipExtras, opts: { fontPath: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 20 * MM, info: { Title: `払込票 ${bill.id}`, Producer: 'Kessai billing' } });
  const done = collectBuffer(doc);
  doc.registerFont('jp', opts.fontPath);
  doc.font('jp');
  doc.fontSize(20).text('コンビニ払込票', { align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(11).text(`ご請求元: ${bill.merchantName || '—'}`);
  if (bill.customer.name) doc.text(`お客様: ${bill.customer.name} 様`);
  doc.text(`請求番号: ${bill.id}${bill.orderReference ? `（ご注文番号 ${bill.orderReference}）` : ''}`);
  doc.moveDown(0.5);
  doc.fontSize(16).text(`お支払い金額: ${yen(bill.amount)}${bill.taxAmount !== null ? `（うち消費税 ${yen(bill.taxAmount)}）` : '（税込）'}`);
  doc.fontSize(12).text(`お支払い期限: ${jpDate(bill.dueDate)} 23:59まで`);
  if (bill.message) {
    doc.moveDown(0.5);
    doc.fontSize(10).text(`ご請求元からのメッセージ: ${bill.message}`);
  }
  doc.moveDown(0.8);
  doc.fontSize(12).text('お支払い方法（ご利用のコンビニエンスストアをお選びください）');
  doc.moveDown(0.3);
  for (const n of bill.paymentNumbers) {
    const spec = CHAINS[n.chain];
    doc.fontSize(11).text(`■ ${spec.nameJa}`);
    doc.fontSize(10).text(spec.parts.map((p) => `${LABELS[p.name] ?? p.name}: ${n.parts[p.name]}`).join('　'), { indent: 12 });
    doc.fontSize(8).text(spec.instructionsJa, { indent: 12 });
    doc.moveDown(0.3);
  }
  if (bill.customerNumber) {
    doc.fontSize(10).text(`お客様番号（継続利用）: ${bill.customerNumber}`);
    // at each kiosk that takes it, in that kiosk's form (docs/reference/konbini.md#customer-numbers)
    for (const e of extras.customerNumberEntries) {
      const spec = CHAINS[e.chain];
      doc.fontSize(9).text(`${spec.nameJa}: ${spec.parts.map((p) => `${LABELS[p.name] ?? p.name} ${e.parts[p.name]}`).join('　')}`, { indent: 12 });
    }
  }

  // one barcode per till chain, two to a row, each at most 60 mm wide as the guideline asks, digits in two rows below
  const width = 60 * MM;
  const rowHeight = 27 * MM;
  const rows = Math.ceil(extras.barcodes.length / 2);
  const left = (doc.page.width - 2 * width - 20 * MM) / 2;
  let top = Math.max(doc.y + 6, (268 * MM) - rows * rowHeight);
  if (top + rows * rowHeight > 268 * MM) {
    doc.addPage();
    top = 20 * MM;
  }
  for (const [i, b] of extras.barcodes.entries()) {
    const png = await barcodePng(b.data);
    const x = left + (i % 2) * (width + 20 * MM);
    const y = top + Math.floor(i / 2) * rowHeight;
    doc.fontSize(8).text(`${CHAINS[b.chain as ChainId]?.nameJa ?? b.chain}のレジ用バーコード`, x, y, { width, align: 'center' });
    doc.image(png, x, y + 10, { width });
    // PNG header: width and height at bytes 16 and 20
    const imgHeight = (width * png.readUInt32BE(20)) / png.readUInt32BE(16);
    doc.fontSize(7).text(b.data.slice(0, 22), x, y + 10 + imgHeight + 2, { width, align: 'center' });
    doc.text(b.data.slice(22), x, doc.y, { width, align: 'center' });
  }
  doc.fontSize(8).text('レジでお支払いのコンビニのバーコードをご提示ください。領収書はコンビニエンスストアが発行します。キオスク端末で発券した申込券は30分以内にレジでお支払いください。', 20 * MM, 270 * MM, { width: doc.page.width - 40 * MM });
  doc.end();
  return done;
}

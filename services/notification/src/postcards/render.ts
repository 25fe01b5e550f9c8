import { collectBuffer, writeCsv } from '@kessai/platform';
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import { addressee, addressLines, Box, MM_TO_PT, POSTCARD_LAYOUT, POSTCARD_MM, ptBox } from '../domain/postcard-layout';
import type { PostalAddress } from '../domain/channels';
import { normalisePostalCode } from '../domain/channels';
import type { PostcardText } from '../domain/templates';

export interface PostcardInput {
  messageId: string;
  merchantId: string;
  reference: string;
  recipientName: string;
  address: PostalAddress;
  senderName: string;
  text: PostcardText;
}

/**
 * A link as a QR code PNG (error correction M, the 4-module quiet zone on a
 * white background), so a phone camera — and zbarimg — reads it from print.
 */
export function qrPng(link: string): Promise<Buffer> {
  const options: bwipjs.RenderOptions & { eclevel: string } = { bcid: 'qrcode', text: link, eclevel: 'M', scale: 4, padding: 8, backgroundcolor: 'FFFFFF' };
  return bwipjs.toBuffer(options);
}

/**
 * A print-ready PDF: two pages per postcard (address side, then message side),
 * 100 × 148 mm, with the Japanese font embedded (subset) so the vendor's RIP
 * needs nothing installed. A card with a link carries it as a QR code too.
 */
export async function renderPostcardPdf(cards: PostcardInput[], opts: { fontPath: string; batchId: string; createdAt: Date }): Promise<Buffer> {
  const size: [number, number] = [POSTCARD_MM.width * MM_TO_PT, POSTCARD_MM.height * MM_TO_PT];
  const doc = new PDFDocument({
    size,
    margin: 0,
    autoFirstPage: false,
    info: { Title: `Kessai postcard batch ${opts.batchId}`, Producer: 'Kessai notification', CreationDate: opts.createdAt },
  });
  const done = collectBuffer(doc);
  const qrs = await Promise.all(cards.map((c) => (c.text.link ? qrPng(c.text.link) : undefined)));
  doc.registerFont('jp', opts.fontPath);
  cards.forEach((card, i) => {
    doc.addPage({ size, margin: 0 });
    addressSide(doc, card);
    doc.addPage({ size, margin: 0 });
    messageSide(doc, card, qrs[i]);
  });
  doc.end();
  return done;
}

function addressSide(doc: PDFKit.PDFDocument, card: PostcardInput): void {
  const L = POSTCARD_LAYOUT;
  const digits = (normalisePostalCode(card.address.postalCode) ?? '').split('');
  doc.font('jp');
  L.postalCodeBoxes.forEach((mm, i) => {
    const b = ptBox(mm);
    doc.lineWidth(0.8).strokeColor('#d00000').rect(b.x, b.y, b.w, b.h).stroke();
    if (digits[i] !== undefined) centred(doc, digits[i], b, 13);
  });
  const a = ptBox(L.address);
  doc.fillColor('black').fontSize(11);
  doc.text(addressLines(card.address).join('\n'), a.x, a.y, { width: a.w, height: a.h, lineGap: 2 });
  const n = ptBox(L.name);
  doc.fontSize(18);
  const nameText = addressee(card.recipientName);
  const nameWidth = Math.min(doc.widthOfString(nameText), n.w);
  doc.text(nameText, n.x + (n.w - nameWidth) / 2, n.y + (n.h - doc.currentLineHeight()) / 2, { width: n.w, lineBreak: false, ellipsis: true });
  const s = ptBox(L.sender);
  doc.fontSize(7.5).text(`差出人：${card.senderName}\n（送金・決済代行 Kessai）  ${card.reference}`, s.x, s.y, { width: s.w, height: s.h });
}

function messageSide(doc: PDFKit.PDFDocument, card: PostcardInput, qr: Buffer | undefined): void {
  const L = POSTCARD_LAYOUT;
  const m = ptBox(L.message);
  doc.font('jp').fillColor('black').fontSize(10.5).text(card.text.title, m.x, m.y, { width: m.w });
  doc.moveDown(0.5).fontSize(8.5).text(`${card.recipientName} 様`, { width: m.w });
  doc.moveDown(0.3).text(card.text.lines.join('\n'), { width: m.w, height: m.y + m.h - doc.y, lineGap: 1.5, ellipsis: true });
  if (card.text.code) {
    const c = ptBox(L.code);
    doc.lineWidth(1).strokeColor('black').rect(c.x, c.y, c.w, c.h).stroke();
    doc.fontSize(8).text(card.text.code.label, c.x + 4, c.y + 3, { width: c.w - 8 });
    doc.fontSize(16).text(card.text.code.value, c.x, c.y + c.h - 22, { width: c.w, align: 'center' });
  }
  if (qr) {
    const q = ptBox(L.qr);
    doc.image(qr, q.x, q.y, { width: q.w, height: q.h });
  }
  if (card.text.link) {
    const l = ptBox(L.link);
    doc.fontSize(8).text(`登録ページ：${card.text.link}`, l.x, l.y, { width: l.w, height: l.h });
  }
}

function centred(doc: PDFKit.PDFDocument, text: string, b: Box, size: number): void {
  doc.fillColor('black').fontSize(size);
  const w = doc.widthOfString(text);
  const h = doc.currentLineHeight();
  doc.text(text, b.x + (b.w - w) / 2, b.y + (b.h - h) / 2, { lineBreak: false });
}

/** The vendor's manifest: one row per postcard, UTF-8 with BOM, CRLF. */
export function manifestCsv(batchId: string, cards: PostcardInput[]): Buffer {
  const header = ['batch_id', 'sequence', 'front_page', 'back_page', 'message_id', 'merchant_id', 'reference', 'postal_code', 'address', 'name', 'registration_code'];
  const rows = cards.map((c, i) => [
    batchId,
    String(i + 1),
    String(2 * i + 1),
    String(2 * i + 2),
    c.messageId,
    c.merchantId,
    c.reference,
    normalisePostalCode(c.address.postalCode) ?? '',
    addressLines(c.address).join(' '),
    c.recipientName,
    c.text.code?.value ?? '',
  ]);
  return writeCsv([header, ...rows], 'utf-8');
}

import { collectBuffer } from '@kessai/platform';
import PDFDocument from 'pdfkit';
import { CHAINS, type ChainId } from '@kessai/konbini';
import type { CustomerRecord } from '../domain/records';
import { customerNumberPng } from './barcode-image';

const MM = 72 / 25.4;
/** Kiosk chains take a persistent customer number (docs/reference/konbini.md#customer-numbers). */
const KIOSK_CHAINS = (Object.keys(CHAINS) as ChainId[]).filter((c) => CHAINS[c].where !== 'register');

/**
 * The customer-number card (お客様番号カード): A4 with a card-sized frame to
 * cut out, the number in large digits and as a Code 128 barcode, the payee,
 * and how to pay under it at a kiosk. The Japanese font is embedded (subset).
 */
export async function renderCustomerCardPdf(customer: CustomerRecord, merchantName: string, opts: { fontPath: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 20 * MM, info: { Title: `お客様番号カード ${customer.customerNumber}`, Producer: 'Kessai billing' } });
  const done = collectBuffer(doc);
  doc.registerFont('jp', opts.fontPath);
  doc.font('jp');
  const x = 20 * MM;
  const y = 20 * MM;
  const w = 91 * MM; // a business card, 91 x 55 mm
  const h = 55 * MM;
  doc.save().dash(3, { space: 3 }).rect(x, y, w, h).stroke().restore();
  doc.fontSize(12).text('コンビニ払い お客様番号カード', x + 4 * MM, y + 4 * MM, { width: w - 8 * MM });
  doc.fontSize(8).text(`お支払い先: ${merchantName || '—'}`, { width: w - 8 * MM });
  if (customer.name) doc.text(`${customer.name} 様`, { width: w - 8 * MM });
  doc.fontSize(16).text(customer.customerNumber, x + 4 * MM, y + 22 * MM, { width: w - 8 * MM, characterSpacing: 1 });
  const png = await customerNumberPng(customer.customerNumber);
  doc.image(png, x + 4 * MM, y + 32 * MM, { width: w - 8 * MM, height: 18 * MM });
  doc.fontSize(10).text('使い方', x, y + h + 10 * MM);
  doc.fontSize(9).text(
    `${KIOSK_CHAINS.map((c) => CHAINS[c].nameJa).join('・')}の店頭端末で、このお客様番号を入力すると、お支払い前のご請求が表示されます。` +
      '毎回同じ番号でお支払いいただけます。番号の入力に対応していない店舗では、ご請求ごとのお支払い番号をお使いください。',
    { width: doc.page.width - 40 * MM },
  );
  doc.end();
  return done;
}

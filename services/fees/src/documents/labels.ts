import type { QualifiedInvoice } from '../domain/qualified-invoice';

/** What both renderers print the same way. */
export const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

/** 2026-12-07 → 2026年12月7日 */
export function jpDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export const TITLE: Record<QualifiedInvoice['kind'], string> = {
  statement: '精算書（適格請求書）',
  invoice: '請求書（適格請求書）',
};

/** The file name of a document: kessai-statement-stm_….pdf */
export function documentFilename(doc: QualifiedInvoice, ext: 'pdf' | 'csv'): string {
  return `kessai-${doc.kind}-${doc.number}.${ext}`;
}

export const rateLabel = (rate: number | null) => (rate === null ? '不課税' : `${rate}%`);

import type { FeeAmounts } from './schedule';
import { documentTax } from './tax';

/**
 * Remittance-fee invoices (docs/reference/fees-and-settlement.md#remittance-fees):
 * the fees of the 1st to the last day of a month (Tokyo), due at the end of
 * the following month, with the consumption tax once per invoice.
 */

/** YYYY-MM of a YYYY-MM-DD date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The month after (YYYY-MM). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The month's first and last day (YYYY-MM-DD). */
export function monthPeriod(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate(); // day 0 of the next month: this month's last
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, '0')}` };
}

/** Due by the last day of the following month. */
export function dueDate(month: string): string {
  return monthPeriod(nextMonth(month)).end;
}

/** The month before (YYYY-MM): on any day of a month, the last one that has ended (Tokyo). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The months from `first` to `last`, both included (empty when first > last). */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) out.push(m);
  return out;
}

/** The monthly fees invoiced with the month's items (a 0 fee is not a line). */
export const MONTHLY_KINDS = ['deposit_management', 'base'] as const;

export interface InvoiceLine {
  kind: string;
  quantity: number;
  amount: number;
}

export interface InvoiceFigures {
  lines: InvoiceLine[];
  fees: number;
  consumptionTax: number;
  total: number;
}

/**
 * An invoice's lines and totals: the fee items summed by kind (the initial fee
 * among them on the merchant's first), the monthly fees of the schedule in
 * force, and 10% tax on the taxable total, once, rounded down. Every
 * remittance fee is taxable; the monthly fees too.
 */
export function computeInvoice(items: readonly { kind: string; amount: number; taxable: boolean }[], monthly: Pick<FeeAmounts, (typeof MONTHLY_KINDS)[number]>): InvoiceFigures {
  const byKind = new Map<string, InvoiceLine & { taxable: number }>();
  for (const i of items) {
    const line = byKind.get(i.kind) ?? { kind: i.kind, quantity: 0, amount: 0, taxable: 0 };
    line.quantity++;
    line.amount += i.amount;
    if (i.taxable) line.taxable += i.amount;
    byKind.set(i.kind, line);
  }
  for (const kind of MONTHLY_KINDS) {
    if (monthly[kind] > 0) byKind.set(kind, { kind, quantity: 1, amount: monthly[kind], taxable: monthly[kind] });
  }
  const lines = [...byKind.values()];
  const fees = lines.reduce((s, l) => s + l.amount, 0);
  const { tax } = documentTax(lines.map((l) => ({ amount: l.taxable, taxable: true })));
  return { lines: lines.map(({ kind, quantity, amount }) => ({ kind, quantity, amount })), fees, consumptionTax: tax, total: fees + tax };
}

/** An invoice's status: paid, or open until its due date has passed (overdue, flagged once by the job). */
export type InvoiceStatus = 'open' | 'overdue' | 'paid';

/** An operator's decision on a payment that matched no invoice. */
export type PaymentResolution = 'apply' | 'refund';

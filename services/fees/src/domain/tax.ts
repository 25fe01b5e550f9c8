/**
 * Consumption tax (docs/reference/fees-and-settlement.md#money-and-consumption-tax):
 * 10%, computed once per statement or invoice on the sum of its taxable fees
 * (never per line) and rounded down to the yen. Stamp duty is not a fee and is
 * not in the base.
 */
export const CONSUMPTION_TAX_RATE_PERCENT = 10;

export function consumptionTax(taxableTotal: number): number {
  if (!Number.isSafeInteger(taxableTotal) || taxableTotal < 0) throw new RangeError(`taxable total must be whole yen >= 0, got ${taxableTotal}`);
  return Math.floor((taxableTotal * CONSUMPTION_TAX_RATE_PERCENT) / 100);
}

/** The tax of a document from its lines: summed first, taxed once. */
export function documentTax(lines: readonly { amount: number; taxable: boolean }[]): { taxableTotal: number; tax: number } {
  const taxableTotal = lines.filter((l) => l.taxable).reduce((s, l) => s + l.amount, 0);
  return { taxableTotal, tax: consumptionTax(taxableTotal) };
}

/** A document line as the tax sees it: its rate in percent, or null when it is not taxable (stamp duty). */
export interface RatedLine {
  amount: number;
  taxRatePercent: number | null;
}

/** What one rate of a document adds up to: the lines at that rate summed, then taxed once. */
export interface RateTotal {
  ratePercent: number;
  taxableTotal: number;
  tax: number;
}

/**
 * The tax of a document per rate (the qualified-invoice rule, docs/reference/legal.md#qualified-invoices):
 * one rounding per document and rate, down to the yen. Rates in ascending order; non-taxable lines are left out.
 */
export function taxPerRate(lines: readonly RatedLine[]): RateTotal[] {
  const totals = new Map<number, number>();
  for (const l of lines) {
    if (!Number.isSafeInteger(l.amount) || l.amount < 0) throw new RangeError(`line amount must be whole yen >= 0, got ${l.amount}`);
    if (l.taxRatePercent === null) continue;
    totals.set(l.taxRatePercent, (totals.get(l.taxRatePercent) ?? 0) + l.amount);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ratePercent, taxableTotal]) => ({ ratePercent, taxableTotal, tax: Math.floor((taxableTotal * ratePercent) / 100) }));
}

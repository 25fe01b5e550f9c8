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

import { CHAINS, ChainId } from './chains';

export const STAMP_DUTY_THRESHOLD = 50_000;
export const STAMP_DUTY_UPPER = 1_000_000;
export const STAMP_DUTY_YEN = 200;

/**
 * The revenue stamp charge of one payment, decided when it arrives, by the
 * chain that took it (docs/reference/konbini.md#stamp-duty): 200 yen from 50,000 yen; a separately
 * stated consumption tax is left out of the base — except at the chains that
 * apply the threshold to the amount including tax.
 */
export function stampDuty(p: { amount: number; taxAmount: number | null; chain: ChainId }): number {
  const base = p.taxAmount !== null && !CHAINS[p.chain].stampOnTaxIncluded ? p.amount - p.taxAmount : p.amount;
  return base >= STAMP_DUTY_THRESHOLD && base <= STAMP_DUTY_UPPER ? STAMP_DUTY_YEN : 0;
}

/** Whether a slip for this bill needs the stamp flag: the worst case over its chains. */
export function stampMayBeRequired(amount: number, taxAmount: number | null, chains: readonly ChainId[]): boolean {
  return chains.some((chain) => stampDuty({ amount, taxAmount, chain }) > 0);
}

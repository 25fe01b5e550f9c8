import { documentTax } from './tax';

/** A line of a statement: a fee item (taxable) or stamp duty (not). */
export interface StatementLine {
  kind: string;
  amount: number;
  taxable: boolean;
}

export interface StatementFigures {
  confirmedCollections: number;
  /** taxable fees, the payout transfer fee left out */
  fees: number;
  /** 10% once on the fees and the payout fee, rounded down */
  consumptionTax: number;
  stampDuty: number;
  payoutFee: number;
  carriedIn: number;
  payoutAmount: number;
  /** what the next statement starts from: 0 after a payout */
  carriedOver: number;
}

/**
 * A collection statement (docs/reference/fees-and-settlement.md#payouts):
 * confirmed collections (+ what the previous statement carried) − fees − 10%
 * consumption tax on the fees and the payout fee, computed once and rounded
 * down − stamp duty − the payout transfer fee = the payout. When that is 0 or
 * less there is no payout and no payout fee: what is left (without the payout
 * fee and its tax) carries over to the next statement, negative or not.
 */
export function computeStatement(input: { confirmedCollections: number; lines: readonly StatementLine[]; carriedIn: number; payoutFee: number }): StatementFigures {
  const fees = input.lines.filter((l) => l.taxable).reduce((s, l) => s + l.amount, 0);
  const stampDuty = input.lines.filter((l) => !l.taxable).reduce((s, l) => s + l.amount, 0);
  const base = input.confirmedCollections + input.carriedIn - fees - stampDuty;
  const withFee = documentTax([...input.lines.filter((l) => l.taxable), { amount: input.payoutFee, taxable: true }]).tax;
  const payout = base - withFee - input.payoutFee;
  if (payout > 0) {
    return { confirmedCollections: input.confirmedCollections, fees, consumptionTax: withFee, stampDuty, payoutFee: input.payoutFee, carriedIn: input.carriedIn, payoutAmount: payout, carriedOver: 0 };
  }
  const tax = documentTax(input.lines).tax;
  return { confirmedCollections: input.confirmedCollections, fees, consumptionTax: tax, stampDuty, payoutFee: 0, carriedIn: input.carriedIn, payoutAmount: 0, carriedOver: base - tax };
}

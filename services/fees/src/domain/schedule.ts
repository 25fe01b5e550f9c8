import { ValidationError, type FieldViolation } from '@kessai/platform';

/**
 * What Kessai charges, excluding consumption tax, by kind
 * (docs/reference/fees-and-settlement.md#the-fee-schedule). Each merchant's
 * amounts start as these defaults and change only from a date onward.
 */
export const DEFAULT_FEES = {
  /** a paid bill (a confirmed payment, repeat-bill, late and amount-mismatch payments included): per contract */
  paid_bill: 0,
  /** a bill deleted or expired unpaid, billing plan only */
  unpaid_bill: 20,
  /** each payout transfer of a collection statement */
  payout_transfer: 1_500,
  /** each transfer attempt to a remittance recipient, failed ones included */
  remittance_transfer: 500,
  /** once per recipient for whom a phone reception took place */
  phone_reception: 400,
  /** each postcard, postage included */
  postcard: 100,
  /** a refund of the deposit to the merchant */
  deposit_refund: 400,
  /** a reversal (組戻し) */
  reversal: 800,
  /** once per merchant, on its first remittance invoice */
  initial: 10_000,
  /** monthly, deposit method only: per contract */
  deposit_management: 0,
  /** monthly */
  base: 0,
} as const;

export type ScheduledKind = keyof typeof DEFAULT_FEES;
export const SCHEDULED_KINDS = Object.keys(DEFAULT_FEES) as ScheduledKind[];

/**
 * Every kind of fee item: the scheduled fees, and stamp duty — not a fee but a
 * charge passed on as billing decided it per payment, carrying no tax.
 */
export type FeeKind = ScheduledKind | 'stamp_duty';

export function isScheduledKind(k: string): k is ScheduledKind {
  return Object.prototype.hasOwnProperty.call(DEFAULT_FEES, k);
}

export type FeeAmounts = Record<ScheduledKind, number>;

/** A change of some amounts, from a date on. */
export interface ScheduleChange {
  effectiveFrom: string;
  amounts: Partial<FeeAmounts>;
}

/** The amounts in force on `date`: the defaults, overlaid by every change that started on or before it, in date order. */
export function feesOn(changes: readonly ScheduleChange[], date: string): { amounts: FeeAmounts; effectiveFrom: string } {
  const amounts: FeeAmounts = { ...DEFAULT_FEES };
  let effectiveFrom = '';
  for (const c of [...changes].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))) {
    if (c.effectiveFrom > date) break;
    Object.assign(amounts, c.amounts);
    effectiveFrom = c.effectiveFrom;
  }
  return { amounts, effectiveFrom };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Above any fee Kessai charges; a typo guard. */
export const MAX_FEE = 1_000_000;

/**
 * A requested change: a real date after `today` (never today or earlier, so no
 * fee already accrued could have had another amount), known kinds, each given
 * once, whole yen from 0 to 1,000,000.
 */
export function validateScheduleChange(input: { effectiveFrom: string; amounts: { kind: string; amount: number }[] }, today: string): ScheduleChange {
  const v: FieldViolation[] = [];
  if (!DATE.test(input.effectiveFrom) || Number.isNaN(Date.parse(`${input.effectiveFrom}T00:00:00Z`)) || new Date(`${input.effectiveFrom}T00:00:00Z`).toISOString().slice(0, 10) !== input.effectiveFrom) {
    v.push({ field: 'effective_from', description: 'must be a date YYYY-MM-DD' });
  } else if (input.effectiveFrom <= today) {
    v.push({ field: 'effective_from', description: `must be after today (${today}): amounts never change retroactively` });
  }
  if (input.amounts.length === 0) v.push({ field: 'amounts', description: 'give at least one amount' });
  const amounts: Partial<FeeAmounts> = {};
  for (const [i, a] of input.amounts.entries()) {
    if (!isScheduledKind(a.kind)) v.push({ field: `amounts[${i}].kind`, description: `must be one of ${SCHEDULED_KINDS.join(', ')}` });
    else if (a.kind in amounts) v.push({ field: `amounts[${i}].kind`, description: `${a.kind} is given twice` });
    if (!Number.isSafeInteger(a.amount) || a.amount < 0 || a.amount > MAX_FEE) v.push({ field: `amounts[${i}].amount`, description: `must be whole yen from 0 to ${MAX_FEE}` });
    if (isScheduledKind(a.kind)) amounts[a.kind] = a.amount;
  }
  if (v.length) throw new ValidationError(v);
  return { effectiveFrom: input.effectiveFrom, amounts };
}

/**
 * The konbini collection contract's terms, named once for every service: the
 * settlement cycles and the fee plans a merchant chooses
 * (docs/reference/fees-and-settlement.md#settlement-cycles), and the close
 * dates of each cycle. Calendar dates are 'YYYY-MM-DD' (Asia/Tokyo), computed
 * with UTC-only Date APIs so the process time zone never matters.
 */

/** Every 5 days (5th, 10th, 15th, 20th, 25th, month-end), every 10 days, half-monthly, monthly. */
export const SETTLEMENT_CYCLES = ['every_5_days', 'every_10_days', 'half_monthly', 'monthly'] as const;
export type SettlementCycle = (typeof SETTLEMENT_CYCLES)[number];

/** Billing plan (請求課金: 20 yen per bill deleted or expired unpaid) or collection plan (収納課金: unpaid bills free). */
export const FEE_PLANS = ['billing_plan', 'collection_plan'] as const;
export type FeePlan = (typeof FEE_PLANS)[number];

export const DEFAULT_SETTLEMENT_CYCLE: SettlementCycle = 'monthly';
export const DEFAULT_FEE_PLAN: FeePlan = 'collection_plan';

/**
 * Names the gateway accepted before the cycles and plans were fixed, still
 * accepted as input and stored under their current name
 * (docs/reference/fees-and-settlement.md#the-merchant-contract). Deprecated.
 */
export const LEGACY_SETTLEMENT_CYCLES: Readonly<Record<string, SettlementCycle>> = { monthly_end: 'monthly', semi_monthly: 'half_monthly', weekly: 'every_5_days' };
export const LEGACY_FEE_PLANS: Readonly<Record<string, FeePlan>> = { standard: 'collection_plan' };

export function isSettlementCycle(s: string): s is SettlementCycle {
  return (SETTLEMENT_CYCLES as readonly string[]).includes(s);
}

export function isFeePlan(s: string): s is FeePlan {
  return (FEE_PLANS as readonly string[]).includes(s);
}

/** A cycle by its name or a deprecated alias; undefined when neither. */
export function settlementCycleOf(name: string): SettlementCycle | undefined {
  return isSettlementCycle(name) ? name : LEGACY_SETTLEMENT_CYCLES[name];
}

/** A plan by its name or a deprecated alias; undefined when neither. */
export function feePlanOf(name: string): FeePlan | undefined {
  return isFeePlan(name) ? name : LEGACY_FEE_PLANS[name];
}

/** Days of the month a cycle closes on, before the month-end close (which every cycle has). */
const CLOSE_DAYS: Record<SettlementCycle, readonly number[]> = {
  every_5_days: [5, 10, 15, 20, 25],
  every_10_days: [10, 20],
  half_monthly: [15],
  monthly: [],
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date 'YYYY-MM-DD': ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`no such date: ${date}`);
  return [y, mo, d];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `date` plus `n` calendar days. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The close days of a month: the cycle's days, then the month's last day. */
function closesOfMonth(cycle: SettlementCycle, y: number, m: number): number[] {
  return [...CLOSE_DAYS[cycle], daysInMonth(y, m)];
}

/**
 * The close that ends the period `date` belongs to: the first close on or
 * after it (a payment at 23:59 JST on a close day belongs to that close).
 */
export function closeOnOrAfter(cycle: SettlementCycle, date: string): string {
  const [y, m, d] = parts(date);
  const day = closesOfMonth(cycle, y, m).find((c) => c >= d)!;
  return iso(y, m, day);
}

/** The last close strictly before `date` (the day before its period starts). */
export function closeBefore(cycle: SettlementCycle, date: string): string {
  const [y, m, d] = parts(date);
  const earlier = closesOfMonth(cycle, y, m).filter((c) => c < d);
  if (earlier.length) return iso(y, m, earlier[earlier.length - 1]);
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  return iso(py, pm, daysInMonth(py, pm));
}

/** The settlement period `date` belongs to: from the day after the previous close to its close, both included. */
export function settlementPeriod(cycle: SettlementCycle, date: string): { start: string; close: string } {
  return { start: addDays(closeBefore(cycle, date), 1), close: closeOnOrAfter(cycle, date) };
}

/** Every close from `from` to `to`, both included, in order. */
export function closesBetween(cycle: SettlementCycle, from: string, to: string): string[] {
  const out: string[] = [];
  for (let c = closeOnOrAfter(cycle, from); c <= to; c = closeOnOrAfter(cycle, addDays(c, 1))) out.push(c);
  return out;
}

import { addCalendarDays, tokyoDate, tokyoStartOfDay } from '@kessai/bank-calendar';
import { CHAIN_IDS, ChainId, isChainId } from '@kessai/konbini';
import { FieldViolation, PreconditionError, ValidationError } from '@kessai/platform';

/** Bill rules of docs/reference/konbini.md#bills. Pure: no I/O, time passed in. */
export const MIN_AMOUNT = 1;
export const MAX_AMOUNT = 300_000;
/** the due date may be at most this many days away, counting the registration day as day 1 */
export const MAX_DUE_DAYS = 60;
/**
 * The default grace after a due date's end (BILLING_LATE_PAYMENT_GRACE_MS): a
 * kiosk slip printed just before it can still be paid at the register
 * (docs/reference/konbini.md#late-payments); the expiry job waits for it.
 */
export const LATE_PAYMENT_GRACE_MS = 30 * 60_000;

export type BillStatus = 'open' | 'paid' | 'deleted' | 'expired';

export interface BillInput {
  amount: number;
  taxAmount: number | null;
  dueDate: string;
  /** the bill's stores; empty = every store of the contract */
  stores: string[];
  message: string;
  repeat: boolean;
}

export interface BillPolicy {
  /** the merchant's contract: the chains it enabled */
  contractChains: readonly string[];
  /** the allowed store combinations (configuration); a bill's stores must be a subset of one of them */
  allowedCombinations: readonly (readonly ChainId[])[];
}

/** Default allowed combinations: every chain together. Real contracts configure this. */
export const DEFAULT_COMBINATIONS: readonly (readonly ChainId[])[] = [CHAIN_IDS];

/** The last allowed due date for a bill registered on `registeredOn`. */
export function latestDueDate(registeredOn: string): string {
  return addCalendarDays(registeredOn, MAX_DUE_DAYS - 1);
}

/** The instant until which a bill due on `dueDate` is payable (23:59:59.999 JST). */
export function payableUntil(dueDate: string): Date {
  return new Date(tokyoStartOfDay(addCalendarDays(dueDate, 1)).getTime() - 1);
}

/** Whether a bill due on `dueDate` can still be paid (re-opened, shown at a kiosk) at `now`. */
export function isPayable(dueDate: string, now: Date): boolean {
  return now.getTime() <= payableUntil(dueDate).getTime();
}

/** The instant the expiry job expires an open bill due on `dueDate`: its due date's end plus the grace. */
export function expiresAt(dueDate: string, graceMs: number): Date {
  return new Date(payableUntil(dueDate).getTime() + 1 + graceMs);
}

/** The latest due date whose open bills have expired at `now` (expiresAt ≤ now). */
export function lastExpiredDueDate(now: Date, graceMs: number): string {
  return addCalendarDays(tokyoDate(new Date(now.getTime() - graceMs)), -1);
}

/**
 * The billing plan's unpaid-bill flag (`billable_unpaid`) of a bill that ends
 * (deleted or expired): true exactly when it took no payment at all. A
 * cancelled preliminary took no money; any other payment did — a repeat
 * bill's, a late one, one of another amount.
 */
export function billableUnpaid(paymentsTakingMoney: number): boolean {
  return paymentsTakingMoney === 0;
}

/** Validates a new bill's fields against the rules and the contract; returns the stores it resolves to. */
export function validateBill(input: BillInput, policy: BillPolicy, now: Date): ChainId[] {
  const v: FieldViolation[] = [];
  checkAmount(input.amount, input.taxAmount, v);
  const stores = resolveStores(input.stores, policy, v);
  checkDueDate(input.dueDate, stores, { registeredOn: tokyoDate(now), today: tokyoDate(now) }, v);
  if (input.message.length > 500) v.push({ field: 'message', description: 'at most 500 characters' });
  if (v.length) throw new ValidationError(v);
  return stores;
}

/**
 * Changes to an open bill: the same rules; a new due date is counted from the
 * update's day (not before it, nor on it with FamilyMart) up to the
 * registration day's 60th day.
 */
export function validateUpdate(
  bill: { amount: number; taxAmount: number | null; dueDate: string; stores: ChainId[]; registeredOn: string },
  change: { amount?: number; taxAmount?: number | null; dueDate?: string; message?: string },
  now: Date,
): void {
  const v: FieldViolation[] = [];
  const amount = change.amount ?? bill.amount;
  const tax = change.taxAmount !== undefined ? change.taxAmount : bill.taxAmount;
  checkAmount(amount, tax, v);
  if (change.dueDate !== undefined) checkDueDate(change.dueDate, bill.stores, { registeredOn: bill.registeredOn, today: tokyoDate(now) }, v);
  if (change.message !== undefined && change.message.length > 500) v.push({ field: 'message', description: 'at most 500 characters' });
  if (v.length) throw new ValidationError(v);
}

function checkAmount(amount: number, taxAmount: number | null, v: FieldViolation[]): void {
  if (!Number.isSafeInteger(amount) || amount < MIN_AMOUNT || amount > MAX_AMOUNT) {
    v.push({ field: 'amount', description: `must be an integer from ${MIN_AMOUNT} to ${MAX_AMOUNT.toLocaleString('en-US')} yen (tax included)` });
  }
  if (taxAmount !== null) {
    if (!Number.isSafeInteger(taxAmount) || taxAmount < 0) v.push({ field: 'tax_amount', description: 'must be a non-negative integer (yen)' });
    else if (Number.isSafeInteger(amount) && taxAmount >= amount) v.push({ field: 'tax_amount', description: 'must be less than the amount (which includes it)' });
  }
}

/** `registeredOn` bounds the latest due date; `today` (the registration's or the update's day) the earliest. */
function checkDueDate(dueDate: string, stores: readonly ChainId[], days: { registeredOn: string; today: string }, v: FieldViolation[]): void {
  const { registeredOn, today } = days;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate) || Number.isNaN(Date.parse(`${dueDate}T00:00:00Z`)) || new Date(`${dueDate}T00:00:00Z`).toISOString().slice(0, 10) !== dueDate) {
    v.push({ field: 'due_date', description: 'must be a calendar date YYYY-MM-DD (Asia/Tokyo)' });
    return;
  }
  const latest = latestDueDate(registeredOn);
  const day = today === registeredOn ? 'the registration day' : 'today';
  if (dueDate < today) v.push({ field: 'due_date', description: `must not be before ${day} ${today}` });
  else if (dueDate > latest) v.push({ field: 'due_date', description: `must be at most ${MAX_DUE_DAYS} days counting the registration day: ${latest} at the latest` });
  else if (dueDate === today && stores.includes('familymart')) {
    v.push({ field: 'due_date', description: `FamilyMart needs at least one more day: a due date on ${day} is not allowed with FamilyMart` });
  }
}

function resolveStores(requested: string[], policy: BillPolicy, v: FieldViolation[]): ChainId[] {
  const contract = policy.contractChains.filter(isChainId);
  if (contract.length === 0) {
    v.push({ field: 'stores', description: 'your contract enables no convenience store' });
    return [];
  }
  let stores: ChainId[];
  if (requested.length === 0) stores = contract;
  else {
    stores = [];
    for (const [i, s] of requested.entries()) {
      if (!isChainId(s)) v.push({ field: `stores[${i}]`, description: `must be one of ${CHAIN_IDS.join(', ')}` });
      else if (!contract.includes(s)) v.push({ field: `stores[${i}]`, description: `${s} is not enabled in your contract` });
      else if (stores.includes(s)) v.push({ field: `stores[${i}]`, description: 'listed twice' });
      else stores.push(s);
    }
  }
  if (stores.length > 0 && !policy.allowedCombinations.some((combo) => stores.every((s) => combo.includes(s)))) {
    v.push({ field: 'stores', description: `the combination ${stores.join(' + ')} cannot be enabled together` });
  }
  return CHAIN_IDS.filter((c) => stores.includes(c));
}

/** Whether a bill in `status` may be modified or deleted. */
export function assertChangeable(status: BillStatus, action: 'update' | 'delete'): void {
  if (status !== 'open') {
    throw new PreconditionError(`bill_${status}`, `a ${status} bill cannot be ${action === 'update' ? 'modified' : 'deleted'}`);
  }
}

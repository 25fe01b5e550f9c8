import { randomBytes } from 'node:crypto';
import { tokyoDate } from '@kessai/bank-calendar';
import { ChainId, generateCustomerNumber, generatePaymentNumber, isLegacyCustomerNumber, isValidCustomerNumber } from '@kessai/konbini';
import { IdempotentCommand, inItem, isEmail, merchantScope, newId, requestHash, useCase, ValidationError } from '@kessai/platform';
import { validateBill } from '../domain/bill';
import { claimPaymentNumbers, findBill, insertBill } from '../db/bill-store';
import { aliasedCustomerNumber, claimCustomerNumber, customerNumberHeld, findMerchantCustomer } from '../db/customer-store';
import type { Tx } from '../db/rows';
import type { BillingDeps } from './deps';
import { drawUnique } from './draw-unique';
import { billEvent } from './events';
import { modeLabel } from './metrics';
import { checkNewMetadata } from './metadata';
import { notifyPaymentNumber } from './notify-payment-number';
import type { BillRecord } from './types';

export interface CreateBillInput {
  requestId: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  merchantName: string;
  contractChains: string[];
  amount: number;
  taxAmount: number | null;
  dueDate: string;
  stores: string[];
  message: string;
  orderReference: string;
  customer: { name: string; email: string; phone: string };
  repeat: boolean;
  customerNumber: string;
  newCustomerNumber: boolean;
  /** a registered customer (cus_…): its number, and its contact details unless given */
  customerId?: string;
  /** the merchant's key-value pairs (app/metadata.ts) */
  metadata?: Record<string, string>;
  /** the merchant's mail settings at creation (docs/reference/konbini.md#customer-emails) */
  reminderDaysBefore?: number;
  receiptNotice?: boolean;
}

/**
 * The idempotent command of a CreateBill (its stored response: the bill id).
 * The request is the digest bills.request_hash held before the platform
 * table, so the records copied from there (migration 1764900000500) still match.
 */
export function createBillCommand(input: CreateBillInput): IdempotentCommand {
  return {
    scope: merchantScope('bill.create', input.livemode, input.merchantId),
    key: input.requestId,
    operation: 'bill.create',
    // the later fields only when set, so requests stored before them still match
    request: requestHash({
      ...input,
      requestId: undefined,
      customerId: input.customerId || undefined,
      metadata: input.metadata && Object.keys(input.metadata).length ? input.metadata : undefined,
      reminderDaysBefore: input.reminderDaysBefore || undefined,
      receiptNotice: input.receiptNotice || undefined,
    }),
    param: 'request_id',
  };
}

/** Registers a bill with a payment number per store and a slip token; idempotent by request id. */
export function createBill(deps: BillingDeps, input: CreateBillInput): Promise<{ bill: BillRecord; replayed: boolean }> {
  return useCase('billing.create_bill', async () => {
    if (!input.requestId) throw ValidationError.field('request_id', 'required');
    const now = deps.clock.now();
    const stores = checkBill(deps, input, now);
    const result = await deps.dataSource.transaction((tx) => createIn(deps, tx, input, stores, now));
    if (!result.replayed) afterCommit(deps, input.livemode, [result.bill]);
    return result;
  }, { livemode: input.livemode, merchant_id: input.merchantId });
}

/** At most this many bills in one CreateBills (docs/reference/konbini.md#many-bills-in-one-call). */
export const MAX_BILLS_PER_BATCH = 1_000;

/**
 * Registers many bills of one merchant in one transaction, each as createBill
 * would (the same checks and errors, named `bills[i].…`): all of them, or —
 * when one is refused — none. Idempotent as a whole: item i is the command
 * `<request id>#<i>`, so a repeat of the batch answers the same bills.
 */
export function createBills(deps: BillingDeps, requestId: string, inputs: CreateBillInput[]): Promise<{ bills: BillRecord[]; replayed: boolean }> {
  const first = inputs[0];
  return useCase('billing.create_bills', async () => {
    if (!requestId) throw ValidationError.field('request_id', 'required');
    if (inputs.length === 0 || inputs.length > MAX_BILLS_PER_BATCH) throw ValidationError.field('bills', `give 1 to ${MAX_BILLS_PER_BATCH} bills`);
    const now = deps.clock.now();
    const items = inputs.map((input, i) => {
      if (input.livemode !== first.livemode || input.merchantId !== first.merchantId) throw ValidationError.field(`bills[${i}]`, 'must be of the same merchant and mode as the others');
      const item = { ...input, requestId: `${requestId}#${i}` };
      return { input: item, stores: inItem(`bills[${i}]`, () => checkBill(deps, item, now)) };
    });
    const results = await deps.dataSource.transaction(async (tx) => {
      const out: { bill: BillRecord; replayed: boolean }[] = [];
      for (const [i, { input, stores }] of items.entries()) out.push(await inItem(`bills[${i}]`, () => createIn(deps, tx, input, stores, now)));
      return out;
    });
    const created = results.filter((r) => !r.replayed).map((r) => r.bill);
    if (created.length) afterCommit(deps, first.livemode, created);
    return { bills: results.map((r) => r.bill), replayed: created.length === 0 };
  }, { livemode: first?.livemode ?? false, merchant_id: first?.merchantId ?? '', bills: inputs.length });
}

/** What can be checked without the database; returns the bill's chains. */
function checkBill(deps: BillingDeps, input: CreateBillInput, now: Date): ChainId[] {
  const stores = validateBill(
    { amount: input.amount, taxAmount: input.taxAmount, dueDate: input.dueDate, stores: input.stores, message: input.message, repeat: input.repeat },
    { contractChains: input.contractChains, allowedCombinations: deps.combinations },
    now,
  );
  if (input.customer.email && !isEmail(input.customer.email)) throw ValidationError.field('customer.email', 'must be an email address');
  if (input.customerNumber && input.newCustomerNumber) throw ValidationError.field('customer_number', 'give a customer number or ask for a new one, not both');
  if (input.customerId && input.newCustomerNumber) throw ValidationError.field('customer', 'give a customer or ask for a new customer number, not both');
  checkNewMetadata(input.metadata ?? {});
  const reminder = input.reminderDaysBefore ?? 0;
  if (!Number.isInteger(reminder) || reminder < 0 || reminder > 30) throw ValidationError.field('reminder_days_before', 'must be 0 (off) to 30');
  return stores;
}

/** The bill's command in the caller's transaction: registered once, a replay answered as the bill is now. */
async function createIn(deps: BillingDeps, tx: Tx, input: CreateBillInput, stores: ChainId[], now: Date): Promise<{ bill: BillRecord; replayed: boolean }> {
  // the id is drawn first, so the command's record holds it from its claim (one statement)
  const id = newId('bill', now.getTime());
  const { value: billId, replayed, effect } = await deps.idempotency.runKnown(tx, createBillCommand(input), id, () => registerBill(deps, tx, id, input, stores, now));
  const bill: BillRecord = effect ?? (await findBill(tx, billId))!;
  return { bill, replayed };
}

/** After the commit of new bills: the relay woken, the count, and the payment-number emails. */
function afterCommit(deps: BillingDeps, livemode: boolean, bills: BillRecord[]): void {
  deps.eventsCommitted();
  deps.metrics.billsCreated.inc({ livemode: modeLabel(livemode) }, bills.length);
  // outside the transaction, one after another (a batch's thousand mails do not go out at once); the notify job retries what this misses
  const mailed = bills.filter((b) => b.customer.email);
  if (mailed.length === 0) return;
  void (async () => {
    for (const bill of mailed) {
      await notifyPaymentNumber(deps, bill.id).catch((err: unknown) => deps.logger.warn({ err: String(err), bill_id: bill.id }, 'payment-number email not sent yet'));
    }
  })();
}

/** The effect of a new CreateBill: the bill, its numbers and its event. Returns the bill as stored. */
async function registerBill(deps: BillingDeps, tx: Tx, id: string, input: CreateBillInput, stores: ChainId[], now: Date): Promise<BillRecord> {
  let customerNumber = input.customerNumber;
  let customer = input.customer;
  // a legacy 17-digit number stands for its new one while a bill registered under it is open
  if (customerNumber && isLegacyCustomerNumber(customerNumber)) customerNumber = (await aliasedCustomerNumber(tx, customerNumber, input.livemode, input.merchantId)) || customerNumber;
  if (input.customerId) {
    const found = await findMerchantCustomer(tx, input.customerId, input.livemode, input.merchantId);
    if (!found) throw ValidationError.field('customer', 'is not one of your customers', 'customer_unknown');
    if (customerNumber && customerNumber !== found.customerNumber) throw ValidationError.field('customer_number', 'is not the number of the given customer');
    customerNumber = found.customerNumber;
    customer = { name: customer.name || found.name, email: customer.email || found.email, phone: customer.phone || found.phone };
  }
  if (customerNumber) {
    if (!isValidCustomerNumber(customerNumber) || !(await customerNumberHeld(tx, customerNumber, input.livemode, input.merchantId))) {
      throw ValidationError.field('customer_number', 'is not one of your customer numbers', 'customer_number_unknown');
    }
  } else if (input.newCustomerNumber) {
    customerNumber = await drawUnique(generateCustomerNumber, (n) => claimCustomerNumber(tx, n, input.livemode, input.merchantId, now));
  }
  const numbers = stores.map((chain) => generatePaymentNumber(chain, deps.companyCodes));
  // the bill and its first draw of numbers in one statement, which returns the bill as stored
  const first = await insertBill(tx, {
    id, livemode: input.livemode, merchantId: input.merchantId, ownerId: input.ownerId, merchantName: input.merchantName, amount: input.amount,
    taxAmount: input.taxAmount, dueDate: input.dueDate, registeredOn: tokyoDate(now), stores, message: input.message, orderReference: input.orderReference,
    customer, customerNumber, customerId: input.customerId ?? '', repeat: input.repeat, slipToken: randomBytes(24).toString('base64url'),
    notify: Boolean(customer.email), createdAt: now,
    metadata: input.metadata ?? {}, reminderDaysBefore: input.reminderDaysBefore ?? 0, receiptNotice: input.receiptNotice ?? false,
  }, numbers, now);
  // a chain whose number clashed (astronomically rare) draws again, one round trip for all of them
  let pending: ChainId[] = stores.filter((c) => !first.won.includes(c));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt >= 10) throw new Error('could not allocate unique payment numbers');
    const won = await claimPaymentNumbers(tx, { id, livemode: input.livemode }, pending.map((chain) => generatePaymentNumber(chain, deps.companyCodes)), now);
    pending = pending.filter((c) => !won.includes(c));
  }
  const bill = first.won.length === stores.length ? first.bill : (await findBill(tx, id))!;
  await deps.outbox.add(tx, [billEvent('billing.bill.created', bill, now)]);
  return bill;
}

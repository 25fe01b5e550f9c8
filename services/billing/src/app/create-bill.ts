import { randomBytes } from 'node:crypto';
import { tokyoDate } from '@kessai/bank-calendar';
import { ChainId, generateCustomerNumber, generatePaymentNumber, isLegacyCustomerNumber, isValidCustomerNumber } from '@kessai/konbini';
import { IdempotentCommand, inItem, isEmail, merchantScope, newId, requestHash, SqlParams, useCase, ValidationError } from '@kessai/platform';
import { validateBill } from '../domain/bill';
import { billAsWritten, findBill, insertNewBill, type NewBill } from '../db/bill-store';
import { aliasedCustomerNumber, claimCustomerNumber, customerNumberHeld, findMerchantCustomer } from '../db/customer-store';
import type { Tx } from '../db/rows';
import type { BillingDeps } from './deps';
import { drawingAgainOnClash, drawUnique } from './draw-unique';
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
    // a plain bill is one statement, its own transaction; one with a customer reads first, so it takes a transaction
    const result = await drawingAgainOnClash(() =>
      readsFirst(input) ? deps.dataSource.transaction((tx) => createIn(deps, tx, input, stores, now)) : createIn(deps, deps.dataSource, input, stores, now),
    );
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
    const results = await drawingAgainOnClash(() =>
      deps.dataSource.transaction(async (tx) => {
        const out: { bill: BillRecord; replayed: boolean }[] = [];
        for (const [i, { input, stores }] of items.entries()) out.push(await inItem(`bills[${i}]`, () => createIn(deps, tx, input, stores, now)));
        return out;
      }),
    );
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

/** Whether the bill names a customer or a customer number, which are read (or claimed) before the bill is written. */
function readsFirst(input: CreateBillInput): boolean {
  return Boolean(input.customerId || input.customerNumber || input.newCustomerNumber);
}

/**
 * The bill's command: registered once, a replay answered as the bill is now.
 * A plain bill's claim, bill, numbers and event are one statement; a bill
 * naming a customer claims first (runKnown), then reads, then writes.
 */
async function createIn(deps: BillingDeps, tx: Tx, input: CreateBillInput, stores: ChainId[], now: Date): Promise<{ bill: BillRecord; replayed: boolean }> {
  // the id is drawn first, so the command's record holds it from its claim
  const id = newId('bill', now.getTime());
  const command = createBillCommand(input);
  if (!readsFirst(input)) {
    const bill = await writeBill(deps, tx, id, input, input.customer, '', stores, now, (p) => deps.idempotency.claimKnownSql(p, command, id));
    if (bill) return { bill, replayed: false };
    const { value: billId } = await deps.idempotency.replay<string>(tx, command);
    return { bill: (await findBill(tx, billId))!, replayed: true };
  }
  const { value: billId, replayed, effect } = await deps.idempotency.runKnown(tx, command, id, async () => {
    const { customer, customerNumber } = await customerOf(tx, input, now);
    return (await writeBill(deps, tx, id, input, customer, customerNumber, stores, now))!;
  });
  return { bill: effect ?? (await findBill(tx, billId))!, replayed };
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

/** The customer and customer number of a bill that names them: checked, a legacy number resolved, a new number claimed. */
async function customerOf(tx: Tx, input: CreateBillInput, now: Date): Promise<{ customer: CreateBillInput['customer']; customerNumber: string }> {
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
  return { customer, customerNumber };
}

/**
 * The bill, its payment numbers and its billing.bill.created event in one
 * statement (under the command's claim when given). Answers the bill as
 * written, or null when the claim found the command already run.
 */
async function writeBill(
  deps: BillingDeps, tx: Tx, id: string, input: CreateBillInput, customer: CreateBillInput['customer'], customerNumber: string, stores: ChainId[], now: Date,
  claim?: (p: SqlParams) => string,
): Promise<BillRecord | null> {
  const bill: NewBill = {
    id, livemode: input.livemode, merchantId: input.merchantId, ownerId: input.ownerId, merchantName: input.merchantName, amount: input.amount,
    taxAmount: input.taxAmount, dueDate: input.dueDate, registeredOn: tokyoDate(now), stores, message: input.message, orderReference: input.orderReference,
    customer, customerNumber, customerId: input.customerId ?? '', repeat: input.repeat, slipToken: randomBytes(24).toString('base64url'),
    notify: Boolean(customer.email), createdAt: now,
    metadata: input.metadata ?? {}, reminderDaysBefore: input.reminderDaysBefore ?? 0, receiptNotice: input.receiptNotice ?? false,
  };
  const numbers = stores.map((chain) => generatePaymentNumber(chain, deps.companyCodes));
  const record = billAsWritten(bill, numbers);
  const written = await insertNewBill(tx, bill, numbers, {
    claim,
    events: (p, when) => deps.outbox.insertSql(p, [billEvent('billing.bill.created', record, now)], when).sql,
  });
  return written ? record : null;
}

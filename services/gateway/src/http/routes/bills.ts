import { billingV1 } from '@kessai/contracts';
import { CHAIN_IDS, type ChainId } from '@kessai/konbini';
import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import type { Principal } from '../../app/authenticate';
import type { BillingClient } from '../../app/deps';
import { konbiniMailSettings, type Merchant } from '../../domain/merchant';
import { listOf, listQuery, route } from '../api';

const { BillStatus, PaymentStatus, ExportFormat } = billingV1;

/** REST names of the contract's enums (the wire values come from the generated contracts). */
const BILL_STATUS = { open: BillStatus.BILL_STATUS_OPEN, paid: BillStatus.BILL_STATUS_PAID, deleted: BillStatus.BILL_STATUS_DELETED, expired: BillStatus.BILL_STATUS_EXPIRED } as const;
const PAYMENT_STATUS = {
  preliminary: PaymentStatus.PAYMENT_STATUS_PRELIMINARY,
  confirmed: PaymentStatus.PAYMENT_STATUS_CONFIRMED,
  cancelled: PaymentStatus.PAYMENT_STATUS_CANCELLED,
} as const;
const EXPORT_FORMAT = { csv: ExportFormat.EXPORT_FORMAT_CSV_UTF8, csv_shift_jis: ExportFormat.EXPORT_FORMAT_CSV_SHIFT_JIS, pdf: ExportFormat.EXPORT_FORMAT_PDF } as const;

type BillStatusName = keyof typeof BILL_STATUS;
type PaymentStatusName = keyof typeof PAYMENT_STATUS;
const BILL_STATUSES = Object.keys(BILL_STATUS) as [BillStatusName, ...BillStatusName[]];
const PAYMENT_STATUSES = Object.keys(PAYMENT_STATUS) as [PaymentStatusName, ...PaymentStatusName[]];
const nameOf = <N extends string>(names: Record<N, number>) => {
  const byValue = new Map(Object.entries(names).map(([name, value]) => [value as number, name as N]));
  return (value: number): N => byValue.get(value)!;
};
const billStatusName = nameOf(BILL_STATUS);
const paymentStatusName = nameOf(PAYMENT_STATUS);

const paymentNumberSchema = z.object({
  store: z.enum(CHAIN_IDS),
  number: z.string().describe('The number the store reports back.'),
  parts: z.record(z.string(), z.string()).describe('What the customer enters at this chain, e.g. customer_number + confirmation_number.'),
});

export const billSchema = z
  .object({
    id: z.string(),
    object: z.literal('bill'),
    livemode: z.boolean(),
    account: z.string().describe('The merchant (or tenant) the bill belongs to.'),
    status: z.enum(BILL_STATUSES),
    amount: z.number().int(),
    tax_amount: z.number().int().nullable(),
    currency: z.literal('jpy'),
    due_date: z.string(),
    stores: z.array(z.enum(CHAIN_IDS)),
    message: z.string(),
    order_reference: z.string(),
    customer: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    customer_number: z.string().nullable(),
    customer_id: z.string().nullable().describe('The registered customer (cus_…) the bill belongs to.'),
    repeat: z.boolean(),
    payment_numbers: z.array(paymentNumberSchema),
    barcode: z.string().describe('The convenience-store GS1-128 barcode data (AI 91, 44 digits).'),
    slip_url: z.string().describe('The payment slip (A4 PDF), re-printable until the due date.'),
    hosted_url: z.string().describe('The hosted payment page for the customer: numbers and steps per store, the barcode, the slip. Says paid, or no longer payable, after the fact.'),
    metadata: z.record(z.string(), z.string()).describe('Your key-value pairs (at most 20).'),
    created: z.string(),
    updated: z.string(),
    paid_at: z.string().nullable(),
  })
  .meta({ id: 'Bill' });

export const paymentSchema = z
  .object({
    id: z.string(),
    object: z.literal('payment'),
    livemode: z.boolean(),
    account: z.string(),
    bill: z.string(),
    status: z.enum(PAYMENT_STATUSES).describe('preliminary (速報), confirmed (確報) or cancelled (速報取消).'),
    store: z.string(),
    payment_number: z.string(),
    amount: z.number().int(),
    stamp_duty: z.number().int().describe('Revenue stamp charge deducted from the payout (0 or 200 yen), decided by the chain that took the payment.'),
    late: z.boolean().describe('Paid after 23:59:59 JST of the due date (accepted: the cash was taken).'),
    amount_mismatch: z
      .boolean()
      .describe('The store reported an amount other than the bill\'s: the cash is recorded, but the payment does not pay the bill (review it).'),
    bill_amount: z.number().int().describe('The bill\'s amount when the store took the payment.'),
    store_code: z.string(),
    order_reference: z.string(),
    paid_at: z.string(),
    confirmed_at: z.string().nullable(),
    cancelled_at: z.string().nullable(),
  })
  .meta({ id: 'Payment' });

export const metadataSchema = z
  .record(z.string(), z.string())
  .describe('Up to 20 key-value pairs of your own: keys up to 40 characters, values up to 500 (Stripe\'s limits). Returned on the bill and in its webhooks.');

const customerBody = z.strictObject({
  name: z.string().max(100).optional(),
  email: z.string().max(254).optional().describe('The payment number and slip link are emailed here.'),
  phone: z.string().max(20).optional(),
});

const createBillBody = z.strictObject({
  amount: z.number().int().describe('1 to 300,000 yen, tax included.'),
  tax_amount: z.number().int().optional().describe('Separately stated consumption tax (yen), included in amount.'),
  due_date: z.string().describe('YYYY-MM-DD (Asia/Tokyo): at most 60 days counting today as day 1; not today when FamilyMart is a store.'),
  stores: z.array(z.string()).max(6).optional().describe('Narrow the stores of your contract.'),
  message: z.string().max(500).optional(),
  order_reference: z.string().max(100).optional(),
  customer: customerBody.optional(),
  repeat: z.boolean().optional().describe('A repeat bill has a fixed amount and can be paid many times.'),
  customer_number: z.string().max(20).optional().describe('Attach to an existing customer number.'),
  customer_id: z.string().max(100).optional().describe('Attach to a registered customer (cus_…): its customer number, and its name, email and phone unless given.'),
  new_customer_number: z.boolean().optional().describe('Issue a persistent customer number for this customer.'),
  metadata: metadataSchema.optional(),
});

/** At most this many bills in one POST /v1/bills/batch (billing's CreateBills takes as many). */
export const BILLS_PER_BATCH = 1_000;

const createBillsBody = z.strictObject({
  bills: z.array(createBillBody).min(1).max(BILLS_PER_BATCH).describe(`1 to ${BILLS_PER_BATCH} bills, each as the body of POST /v1/bills.`),
});

/** A batch of 1,000 bills with customers and messages is larger than an ordinary body: this route takes up to 2 MiB. */
const BILLS_BATCH_MAX_BODY_BYTES = 2 * 1024 * 1024;

const updateBillBody = z.strictObject({
  amount: z.number().int().optional(),
  tax_amount: z.number().int().nullable().optional().describe('null removes a separately stated tax.'),
  due_date: z.string().optional(),
  message: z.string().max(500).optional(),
  metadata: metadataSchema.optional().describe('Merged into the bill\'s metadata; a key with an empty value is removed.'),
});

const paidDates = {
  paid_from: z.iso.date().optional().describe('YYYY-MM-DD (Asia/Tokyo), inclusive: paid on or after.'),
  paid_to: z.iso.date().optional().describe('YYYY-MM-DD (Asia/Tokyo), inclusive: paid on or before.'),
};

const listBillsQuery = listQuery.extend({
  status: z.enum(BILL_STATUSES).optional(),
  customer_email: z.string().max(254).optional(),
  customer_number: z.string().max(20).optional(),
  due_from: z.iso.date().optional(),
  due_to: z.iso.date().optional(),
  created_from: z.iso.datetime({ offset: true }).optional(),
  created_to: z.iso.datetime({ offset: true }).optional(),
  order_reference: z.string().max(100).optional().describe('Only bills with this order reference.'),
  ...paidDates,
  tenant: z.string().max(100).optional().describe('Owners: only this tenant\'s objects.'),
});

const listPaymentsQuery = listQuery.extend({
  bill: z.string().max(100).optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  order_reference: z.string().max(100).optional().describe('Only payments of bills with this order reference.'),
  ...paidDates,
  tenant: z.string().max(100).optional().describe('Owners: only this tenant\'s objects.'),
});

const exportQuery = z.strictObject({
  format: z.enum(['csv', 'csv_shift_jis', 'pdf']).default('csv').describe('csv: UTF-8 with BOM; csv_shift_jis: Shift_JIS (CP932); pdf: A4 table.'),
  status: z.enum(PAYMENT_STATUSES).optional(),
  paid_from: z.iso.date().optional().describe('YYYY-MM-DD (Asia/Tokyo), inclusive.'),
  paid_to: z.iso.date().optional().describe('YYYY-MM-DD (Asia/Tokyo), inclusive.'),
  tenant: z.string().max(100).optional().describe('Owners: only this tenant\'s objects.'),
});

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

export function billToRest(b: billingV1.Bill) {
  return {
    id: b.id,
    object: 'bill' as const,
    livemode: b.livemode,
    account: b.merchantId,
    status: billStatusName(b.status),
    amount: b.amount,
    tax_amount: b.taxAmount ?? null,
    currency: 'jpy' as const,
    due_date: b.dueDate,
    stores: b.stores as ChainId[],
    message: b.message,
    order_reference: b.orderReference,
    customer: { name: b.customer?.name ?? '', email: b.customer?.email ?? '', phone: b.customer?.phone ?? '' },
    customer_number: b.customerNumber || null,
    customer_id: b.customerId || null,
    repeat: b.repeat,
    payment_numbers: b.paymentNumbers.map((n) => ({ store: n.chain as ChainId, number: n.number, parts: n.parts })),
    barcode: b.barcode,
    slip_url: b.slipUrl,
    hosted_url: b.hostedUrl,
    metadata: b.metadata ?? {},
    created: iso(b.createdAt)!,
    updated: iso(b.updatedAt)!,
    paid_at: iso(b.paidAt),
  };
}

export function paymentToRest(p: billingV1.Payment) {
  return {
    id: p.id,
    object: 'payment' as const,
    livemode: p.livemode,
    account: p.merchantId,
    bill: p.billId,
    status: paymentStatusName(p.status),
    store: p.chain,
    payment_number: p.paymentNumber,
    amount: p.amount,
    stamp_duty: p.stampDuty,
    late: p.late,
    amount_mismatch: p.amountMismatch,
    bill_amount: p.billAmount,
    store_code: p.storeCode,
    order_reference: p.orderReference,
    paid_at: iso(p.paidAt)!,
    confirmed_at: iso(p.confirmedAt),
    cancelled_at: iso(p.cancelledAt),
  };
}

/**
 * Which objects a request sees: the acting merchant's own; an owner acting as
 * itself also sees its tenants' (optionally narrowed to one with `tenant`).
 */
export function scope(principal: Principal, merchant: Merchant, livemode: boolean, tenant?: string): billingV1.Scope {
  const self = merchant.id === principal.merchant.id;
  return { livemode, merchantId: merchant.id, includeTenants: self, tenantId: self ? (tenant ?? '') : '' };
}

/** POST /v1/bills's body → billing's CreateBill. */
function createBillRequest(merchant: Merchant, livemode: boolean, chains: string[], body: z.infer<typeof createBillBody>, requestId: string): billingV1.CreateBillRequest {
  return {
    requestId,
    livemode,
    merchantId: merchant.id,
    ownerId: merchant.owner_id ?? '',
    merchantName: merchant.name,
    contractChains: chains,
    amount: body.amount,
    taxAmount: body.tax_amount,
    dueDate: body.due_date,
    stores: body.stores ?? [],
    message: body.message ?? '',
    orderReference: body.order_reference ?? '',
    customer: { name: body.customer?.name ?? '', email: body.customer?.email ?? '', phone: body.customer?.phone ?? '' },
    repeat: body.repeat ?? false,
    customerNumber: body.customer_number ?? '',
    newCustomerNumber: body.new_customer_number ?? false,
    customerId: body.customer_id ?? '',
    metadata: { values: body.metadata ?? {} },
    ...konbiniMailSettings(merchant.settings),
  };
}

/** Konbini bills and their store results (docs/reference/konbini.md). */
export function billRoutes(
  billing: Pick<BillingClient, 'createBill' | 'createBills' | 'listBills' | 'getBill' | 'updateBill' | 'deleteBill' | 'listPayments' | 'exportPayments' | 'getPayment' | 'sendBillNotice'>,
  chainsOf: (m: Merchant) => Promise<string[]>,
) {
  const rest = (b: billingV1.Bill | undefined) => billToRest(b!);
  return [
    route({
      method: 'post',
      path: '/v1/bills',
      operationId: 'CreateBill',
      summary: 'Register a bill: payment numbers per store, a slip, an email to the customer',
      tag: 'Bills',
      body: createBillBody,
      response: billSchema,
      errors: ['already_exists'],
      handler: async ({ merchant, livemode, body, idempotencyKey }) => {
        const { bill } = await billing.createBill(createBillRequest(merchant, livemode, await chainsOf(merchant), body, idempotencyKey!));
        return { body: rest(bill) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/bills/batch',
      operationId: 'CreateBills',
      summary: `Register up to ${BILLS_PER_BATCH} bills in one call: all of them, or none`,
      description:
        'For campaigns. Each bill is checked as POST /v1/bills checks it, and an error names the bill (`bills[3].amount`); ' +
        'when one is refused none is registered. Idempotent as a whole by the Idempotency-Key. The bills in the answer are in ' +
        'the order of the request. Counts as one request against the rate limit; the body may be up to 2 MiB.',
      tag: 'Bills',
      body: createBillsBody,
      maxBodyBytes: BILLS_BATCH_MAX_BODY_BYTES,
      response: z.object({ object: z.literal('list'), data: z.array(billSchema) }).meta({ id: 'BillBatch' }),
      errors: ['already_exists'],
      handler: async ({ merchant, livemode, body, idempotencyKey }) => {
        const chains = await chainsOf(merchant);
        const { bills } = await billing.createBills({
          requestId: idempotencyKey!,
          bills: body.bills.map((b) => createBillRequest(merchant, livemode, chains, b, '')),
        });
        return { body: { object: 'list', data: bills.map(rest) } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/bills',
      operationId: 'ListBills',
      summary: 'List bills, newest first (filters: status, customer, due and creation dates, tenant)',
      tag: 'Bills',
      query: listBillsQuery,
      response: listOf(billSchema, 'Bill'),
      handler: async ({ principal, merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('bills', query.starting_after).id) : '';
        const r = await billing.listBills({
          scope: scope(principal, merchant, livemode, query.tenant),
          status: query.status ? BILL_STATUS[query.status] : BillStatus.BILL_STATUS_UNSPECIFIED,
          customerEmail: query.customer_email ?? '',
          customerNumber: query.customer_number ?? '',
          dueFrom: query.due_from ?? '',
          dueTo: query.due_to ?? '',
          createdFrom: query.created_from ? new Date(query.created_from) : undefined,
          createdTo: query.created_to ? new Date(query.created_to) : undefined,
          orderReference: query.order_reference ?? '',
          paidFrom: query.paid_from ?? '',
          paidTo: query.paid_to ?? '',
          pageSize: query.limit,
          startingAfter: after,
        });
        const data = r.bills.map(rest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('bills', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/bills/:id',
      operationId: 'GetBill',
      summary: 'Get a bill',
      tag: 'Bills',
      params: { id: 'The bill id (bill_…)' },
      response: billSchema,
      handler: async ({ principal, merchant, livemode, params }) => ({ body: rest((await billing.getBill({ scope: scope(principal, merchant, livemode), billId: params.id })).bill) }),
    }),
    route({
      method: 'post',
      path: '/v1/bills/:id',
      operationId: 'UpdateBill',
      summary: 'Modify a bill (amount, tax, due date, message) until it is paid',
      tag: 'Bills',
      params: { id: 'The bill id (bill_…)' },
      body: updateBillBody,
      response: billSchema,
      errors: ['failed_precondition', 'already_exists'],
      handler: async ({ principal, merchant, livemode, params, body, idempotencyKey }) => {
        const { bill } = await billing.updateBill({
          requestId: idempotencyKey!,
          scope: scope(principal, merchant, livemode),
          billId: params.id,
          amount: body.amount,
          taxAmount: body.tax_amount ?? undefined,
          clearTaxAmount: body.tax_amount === null,
          dueDate: body.due_date,
          message: body.message,
          metadata: { values: body.metadata ?? {} },
        });
        return { body: rest(bill) };
      },
    }),
    route({
      method: 'delete',
      path: '/v1/bills/:id',
      operationId: 'DeleteBill',
      summary: 'Delete a bill until it is paid',
      tag: 'Bills',
      params: { id: 'The bill id (bill_…)' },
      response: billSchema,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, params, idempotencyKey }) => ({
        body: rest((await billing.deleteBill({ scope: scope(principal, merchant, livemode), billId: params.id, requestId: idempotencyKey ?? '' })).bill),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/bills/:id/send',
      operationId: 'SendBill',
      summary: 'Email the customer the payment number and the hosted page link again',
      description: 'Only an open bill before its due date with a customer email. The same Idempotency-Key sends once.',
      tag: 'Bills',
      params: { id: 'The bill id (bill_…)' },
      response: billSchema,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, params, idempotencyKey }) => ({
        body: rest((await billing.sendBillNotice({ scope: scope(principal, merchant, livemode), billId: params.id, requestId: idempotencyKey! })).bill),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/payments',
      operationId: 'ListPayments',
      summary: 'List store payment results (速報, 確報, 速報取消), newest first',
      tag: 'Payments',
      query: listPaymentsQuery,
      response: listOf(paymentSchema, 'Payment'),
      handler: async ({ principal, merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('payments', query.starting_after).id) : '';
        const r = await billing.listPayments({
          scope: scope(principal, merchant, livemode, query.tenant),
          billId: query.bill ?? '',
          status: query.status ? PAYMENT_STATUS[query.status] : PaymentStatus.PAYMENT_STATUS_UNSPECIFIED,
          orderReference: query.order_reference ?? '',
          paidFrom: query.paid_from ?? '',
          paidTo: query.paid_to ?? '',
          pageSize: query.limit,
          startingAfter: after,
        });
        const data = r.payments.map(paymentToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('payments', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/payments/export',
      operationId: 'ExportPayments',
      summary: 'Download store payment results as CSV (UTF-8 with BOM or Shift_JIS) or PDF',
      tag: 'Payments',
      query: exportQuery,
      response: z.string(),
      produces: ['text/csv', 'application/pdf'],
      handler: async ({ principal, merchant, livemode, query }) => {
        const r = await billing.exportPayments({
          scope: scope(principal, merchant, livemode, query.tenant),
          format: EXPORT_FORMAT[query.format],
          status: query.status ? PAYMENT_STATUS[query.status] : PaymentStatus.PAYMENT_STATUS_UNSPECIFIED,
          paidFrom: query.paid_from ?? '',
          paidTo: query.paid_to ?? '',
        });
        return { body: null, file: { contentType: r.contentType, data: Buffer.from(r.content), filename: r.filename } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/payments/:id',
      operationId: 'GetPayment',
      summary: 'Get a store payment result',
      tag: 'Payments',
      params: { id: 'The payment id (pay_…)' },
      response: paymentSchema,
      handler: async ({ principal, merchant, livemode, params }) => ({
        body: paymentToRest((await billing.getPayment({ scope: scope(principal, merchant, livemode), paymentId: params.id })).payment!),
      }),
    }),
  ];
}

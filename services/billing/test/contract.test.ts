/**
 * Contract test of billing's RPCs that no other test calls through the generated
 * client, over the network against the run's mesh: ListBills, ListPayments, GetSlip,
 * LookupNumber, ExportPayments, CreateCustomer, GetCustomer, ListCustomers. Bills are
 * created through the public API of a real merchant; the store simulator pays one.
 */
import { randomUUID } from 'node:crypto';
import { billingV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { gatewayAdminClient } from '../../../scripts/test/support/edge';
import { rejection } from '../../../scripts/test/support/errors';
import { RunningStore, startStoreSimulator } from '../../../scripts/test/support/store';
import { billingDate, createBill, ctx, konbiniMerchant } from './support';

const { BillStatus, PaymentStatus, ExportFormat } = billingV1;
const admin = gatewayAdminClient();
const billing = connectClient(billingV1.BillingServiceClient, ctx.services.billing.grpcAddr);
let store: RunningStore;
let m: Awaited<ReturnType<typeof konbiniMerchant>>;
let scope: billingV1.Scope;

/** A bill through the public API, then as billing's gRPC API shows it. */
async function bill(body: Record<string, unknown>): Promise<billingV1.Bill> {
  const res = await createBill(m.testKey, body);
  expect(res.status).toBe(200);
  return (await billing.getBill({ scope, billId: res.body.id })).bill!;
}

beforeAll(async () => {
  [store, m] = await Promise.all([startStoreSimulator(), konbiniMerchant(admin, '契約試験株式会社')]);
  scope = { livemode: false, merchantId: m.merchant.id, includeTenants: false, tenantId: '' };
  await store.call('POST', '/control/faults', { confirm_delay_ms: -1 }); // the test confirms by hand
});

afterAll(async () => {
  await store?.stop();
  admin.close();
  billing.close();
});

const newCustomer = (name: string, email: string, requestId = randomUUID()) =>
  billing.createCustomer({ requestId, livemode: false, merchantId: m.merchant.id, ownerId: '', name, email, phone: '' });

describe('customers: CreateCustomer, GetCustomer, ListCustomers', () => {
  it('registers a customer with a persistent number, replays the same request, and shows its open bills soonest due first', async () => {
    const requestId = randomUUID();
    const created = await newCustomer('山田 太郎', 'taro.contract@example.jp', requestId);
    expect(created.replayed).toBe(false);
    expect(created.customer).toMatchObject({ livemode: false, merchantId: m.merchant.id, ownerId: '', name: '山田 太郎', email: 'taro.contract@example.jp', phone: '' });
    expect(created.customer!.id).toMatch(/^cus_/);
    expect(created.customer!.customerNumber).toMatch(/^9\d{11}$/);
    expect(created.customer!.createdAt).toBeInstanceOf(Date);
    const again = await newCustomer('山田 太郎', 'taro.contract@example.jp', requestId);
    expect(again).toEqual({ customer: created.customer, replayed: true });

    const cus = created.customer!;
    const later = await bill({ amount: 2_000, due_date: await billingDate(9), stores: ['lawson'], customer_id: cus.id });
    const sooner = await bill({ amount: 1_000, due_date: await billingDate(4), stores: ['lawson'], customer_id: cus.id });
    const got = await billing.getCustomer({ scope, customerId: cus.id });
    expect(got.customer).toEqual(cus);
    expect(got.openBills.map((b) => [b.id, b.amount, b.customerNumber])).toEqual([
      [sooner.id, 1_000, cus.customerNumber],
      [later.id, 2_000, cus.customerNumber],
    ]);

    const foreign = await rejection(billing.getCustomer({ scope: { ...scope, merchantId: 'mer_someoneelse' }, customerId: cus.id }));
    expect(foreign.kind).toBe('not_found');
  });

  it('lists the merchant\'s customers newest first, page by page', async () => {
    const a = (await newCustomer('一人目', 'one.contract@example.jp')).customer!;
    const b = (await newCustomer('二人目', 'two.contract@example.jp')).customer!;
    const first = await billing.listCustomers({ scope, pageSize: 1, startingAfter: '' });
    expect(first.customers.map((c) => c.id)).toEqual([b.id]);
    expect(first.hasMore).toBe(true);
    expect(first.customers[0]).toEqual(b);
    const next = await billing.listCustomers({ scope, pageSize: 1, startingAfter: b.id });
    expect(next.customers.map((c) => c.id)).toEqual([a.id]);
    const all = await billing.listCustomers({ scope, pageSize: 100, startingAfter: '' });
    expect(all.hasMore).toBe(false);
    expect(all.customers.map((c) => c.name)).toEqual(expect.arrayContaining(['一人目', '二人目', '山田 太郎']));
    expect(all.customers.every((c) => c.merchantId === m.merchant.id)).toBe(true);
  });
});

describe('bills: ListBills, GetSlip, LookupNumber', () => {
  it('lists bills newest first, page by page, and filters by status and customer number', async () => {
    const cus = (await newCustomer('佐藤 花子', 'hanako.contract@example.jp')).customer!;
    const due = await billingDate(5);
    const x = await bill({ amount: 1_100, due_date: due, stores: ['seven_eleven'] });
    const y = await bill({ amount: 1_200, due_date: due, stores: ['seven_eleven'], customer_id: cus.id });
    const z = await bill({ amount: 1_300, due_date: due, stores: ['seven_eleven'] });

    const page1 = await billing.listBills({ scope, status: BillStatus.BILL_STATUS_UNSPECIFIED, customerEmail: '', customerNumber: '', dueFrom: '', dueTo: '', pageSize: 2, startingAfter: '' });
    expect(page1.bills.map((b) => b.id)).toEqual([z.id, y.id]);
    expect(page1.hasMore).toBe(true);
    expect(page1.bills[0]).toMatchObject({ id: z.id, amount: 1_300, dueDate: due, status: BillStatus.BILL_STATUS_OPEN, merchantId: m.merchant.id, livemode: false });
    const page2 = await billing.listBills({ scope, status: BillStatus.BILL_STATUS_UNSPECIFIED, customerEmail: '', customerNumber: '', dueFrom: '', dueTo: '', pageSize: 1, startingAfter: y.id });
    expect(page2.bills.map((b) => b.id)).toEqual([x.id]);

    const byCustomer = await billing.listBills({ scope, status: BillStatus.BILL_STATUS_OPEN, customerEmail: '', customerNumber: cus.customerNumber, dueFrom: '', dueTo: '', pageSize: 20, startingAfter: '' });
    expect(byCustomer.bills.map((b) => b.id)).toEqual([y.id]);
    const paid = await billing.listBills({ scope, status: BillStatus.BILL_STATUS_PAID, customerEmail: '', customerNumber: cus.customerNumber, dueFrom: '', dueTo: '', pageSize: 20, startingAfter: '' });
    expect(paid).toEqual({ bills: [], hasMore: false });
  });

  it('gives the slip of a bill by its token: the bill and an A4 PDF', async () => {
    const b = await bill({ amount: 2_345, due_date: await billingDate(6), stores: ['seven_eleven', 'lawson'] });
    expect(b.slipToken).not.toBe('');
    const slip = await billing.getSlip({ token: b.slipToken });
    expect(slip.bill).toMatchObject({ id: b.id, amount: 2_345, barcode: b.barcode });
    expect(slip.bill!.barcode).toMatch(/^\d{44}$/);
    expect(Buffer.from(slip.pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(slip.pdf.length).toBeGreaterThan(1_000);
    const unknown = await rejection(billing.getSlip({ token: 'no-such-token' }));
    expect(unknown.kind).toBe('not_found');
  });

  it('looks up the open bill under a chain\'s payment number', async () => {
    const b = await bill({ amount: 3_210, due_date: await billingDate(6), stores: ['seven_eleven'] });
    const seven = b.paymentNumbers.find((n) => n.chain === 'seven_eleven')!;
    expect(seven.number).toMatch(/^\d{13}$/);
    const found = await billing.lookupNumber({ livemode: false, chain: 'seven_eleven', number: seven.number });
    expect(found.bills.map((x) => [x.id, x.amount])).toEqual([[b.id, 3_210]]);
    // test-mode numbers are not payable in live mode
    expect((await billing.lookupNumber({ livemode: true, chain: 'seven_eleven', number: seven.number })).bills).toEqual([]);
  });
});

describe('payments: ListPayments, ExportPayments', () => {
  it('lists a store payment as preliminary, then confirmed, and exports it as CSV', async () => {
    const b = await bill({ amount: 4_321, due_date: await billingDate(6), stores: ['seven_eleven'] });
    const number = b.paymentNumbers.find((n) => n.chain === 'seven_eleven')!.number;
    const paid = await store.call('POST', '/pay', { chain: 'seven_eleven', number });
    const list = async () => (await billing.listPayments({ scope, billId: b.id, status: PaymentStatus.PAYMENT_STATUS_UNSPECIFIED, pageSize: 20, startingAfter: '' })).payments;
    await eventually(async () => (await list()).length === 1, 20_000, 'the preliminary payment');
    const [pre] = await list();
    expect(pre).toMatchObject({ billId: b.id, merchantId: m.merchant.id, livemode: false, status: PaymentStatus.PAYMENT_STATUS_PRELIMINARY, chain: 'seven_eleven', paymentNumber: number, amount: 4_321, amountMismatch: false });
    expect(pre.preliminaryAt).toBeInstanceOf(Date);

    await store.call('POST', `/payments/${paid.id}/confirm`);
    await eventually(async () => (await list())[0]?.status === PaymentStatus.PAYMENT_STATUS_CONFIRMED, 20_000, 'the confirmation');
    const [confirmed] = await list();
    expect(confirmed.id).toBe(pre.id);
    expect(confirmed.confirmedAt).toBeInstanceOf(Date);
    const onlyPreliminary = await billing.listPayments({ scope, billId: b.id, status: PaymentStatus.PAYMENT_STATUS_PRELIMINARY, pageSize: 20, startingAfter: '' });
    expect(onlyPreliminary.payments).toEqual([]);
    expect((await billing.getBill({ scope, billId: b.id })).bill!.status).toBe(BillStatus.BILL_STATUS_PAID);

    const csv = await billing.exportPayments({ scope, format: ExportFormat.EXPORT_FORMAT_CSV_UTF8, status: PaymentStatus.PAYMENT_STATUS_CONFIRMED, paidFrom: '', paidTo: '' });
    expect(csv.rows).toBe(1);
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect(csv.filename).toMatch(/^payments-\d{8}\.csv$/);
    const content = Buffer.from(csv.content);
    expect([...content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = content.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2); // header + the one payment
    expect(lines[1]).toContain(pre.id);
    expect(lines[1]).toContain('4321');

    const pdf = await billing.exportPayments({ scope, format: ExportFormat.EXPORT_FORMAT_PDF, status: PaymentStatus.PAYMENT_STATUS_UNSPECIFIED, paidFrom: '', paidTo: '' });
    expect({ rows: pdf.rows, contentType: pdf.contentType }).toEqual({ rows: 1, contentType: 'application/pdf' });
    expect(Buffer.from(pdf.content).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const noFormat = await rejection(billing.exportPayments({ scope, format: ExportFormat.EXPORT_FORMAT_UNSPECIFIED, status: PaymentStatus.PAYMENT_STATUS_UNSPECIFIED, paidFrom: '', paidTo: '' }));
    expect(noFormat.fieldViolations.map((v) => v.field)).toEqual(['format']);
  });
});

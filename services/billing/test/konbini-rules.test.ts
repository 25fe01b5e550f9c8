import { randomUUID } from 'node:crypto';
import { billingEventsV1, billingV1, eventsV1 } from '@kessai/contracts';
import { connectClient, ConnectedClient, isDomainError, signatureHeader } from '@kessai/platform';
import { Client } from 'pg';
import { freePort } from '../../../scripts/src/lib/infra';
import { eventually } from '../../../scripts/test/support/clients';
import { IsolatedMesh, isolatedMesh } from '../../../scripts/test/support/isolated';
import { SIMSTORE_SECRET } from '../../../scripts/test/support/store';

/**
 * (Billing prunes published outbox rows 7 days of its moved clock after their
 * real publishing time: the tests reading events run first, within that.)
 *
 * The konbini rules that depend on time (docs/reference/konbini.md): billing
 * and webhook of their own, so the test clock can move; store results arrive
 * as the store network sends them (signed POSTs to the webhook service), the
 * bills are read through billing's gRPC API.
 */
let mesh: IsolatedMesh;
let ops = '';
let partnerUrl = '';
let billing: ConnectedClient<billingV1.BillingServiceClient>;
let db: Client;
const MERCHANT = 'mer_rules';
const scope = { livemode: false, merchantId: MERCHANT, includeTenants: false, tenantId: '' };
const HOUR = 3_600_000;

beforeAll(async () => {
  mesh = await isolatedMesh(['billing', 'webhook']);
  const billingProc = await mesh.start('billing');
  await billingProc.waitReady(30_000);
  const httpPort = await freePort();
  const webhookProc = await mesh.start('webhook', { HTTP_PORT: String(httpPort), BILLING_GRPC_ADDR: mesh.grpcAddr(billingProc) });
  await webhookProc.waitReady(30_000);
  ops = mesh.opsUrl(billingProc);
  partnerUrl = `http://127.0.0.1:${httpPort}/v1/partners/simstore`;
  billing = connectClient(billingV1.BillingServiceClient, mesh.grpcAddr(billingProc));
  db = new Client({ connectionString: mesh.databaseUrl('billing') });
  await db.connect();
}, 90_000);

afterAll(async () => {
  billing?.close();
  await db?.end();
  await mesh?.cleanup();
});

async function opsPost(path: string, body: unknown = {}) {
  const res = await fetch(`${ops}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}
const now = async (): Promise<Date> => new Date(((await (await fetch(`${ops}/test/clock`)).json()) as { now: string }).now);
/** Today in Tokyo by billing's clock, plus n days. */
const today = async (plus = 0) => new Date((await now()).getTime() + 9 * HOUR + plus * 24 * HOUR).toISOString().slice(0, 10);
/** Moves billing's clock to an instant (forward only). */
async function clockTo(at: Date): Promise<void> {
  const ms = at.getTime() - (await now()).getTime();
  if (ms > 0) await opsPost('/test/clock', { advance_ms: ms });
}
/** The instant `minutes` after the end (24:00 JST) of a due date. */
const afterDueEnd = (due: string, minutes: number) => new Date(new Date(`${due}T15:00:00Z`).getTime() + minutes * 60_000);

const create = async (dueDate: string, over: Partial<billingV1.CreateBillRequest> = {}) =>
  (
    await billing.createBill({
      requestId: randomUUID(), livemode: false, merchantId: MERCHANT, ownerId: '', merchantName: '規則商店', contractChains: ['seven_eleven', 'lawson', 'familymart'], amount: 1_000,
      dueDate, stores: ['seven_eleven'], message: '', orderReference: '', customer: { name: '', email: '', phone: '' }, repeat: false, customerNumber: '', newCustomerNumber: false, customerId: '',
      ...over,
    })
  ).bill!;
const status = async (id: string) => billingV1.BillStatus[(await billing.getBill({ scope, billId: id })).bill!.status].replace('BILL_STATUS_', '').toLowerCase();

/** A signed store result, as the store network posts it. */
async function report(bill: billingV1.Bill, result: 'preliminary' | 'confirmed' | 'cancelled', p: { paidAt: Date; transactionId?: string; storeCode?: string; amount?: number }) {
  const body = JSON.stringify({
    id: randomUUID(), type: 'payment.reported', status: result, chain: bill.paymentNumbers[0].chain, payment_number: bill.paymentNumbers[0].number,
    amount: p.amount ?? bill.amount, paid_at: p.paidAt.toISOString(), store_code: p.storeCode ?? 'S1', ...(p.transactionId ? { transaction_id: p.transactionId } : {}),
  });
  const res = await fetch(`${partnerUrl}/store/payments`, { method: 'POST', headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMSTORE_SECRET, body) }, body });
  expect(res.status).toBe(200);
  return body;
}
/** Waits until billing applied every store result sent so far. */
async function settled(): Promise<void> {
  await eventually(async () => {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM billing.inbox WHERE type = 'webhook.store_payment.reported'`);
    return rows[0].n >= reported;
  }, 15_000, 'store results applied');
}
let reported = 0;
async function send(bill: billingV1.Bill, result: 'preliminary' | 'confirmed' | 'cancelled', p: Parameters<typeof report>[2]) {
  await report(bill, result, p);
  reported++;
  await settled();
}

/**
 * The bill's events in billing's outbox, with the unpaid flag of the ends.
 * Published rows are pruned once the (moved) clock passes their retention, so
 * every row seen is kept here: each assertion sees the whole history.
 */
const seenEvents = new Map<string, Map<number, string>>();
async function billEvents(id: string): Promise<string[]> {
  const { rows } = await db.query(`SELECT seq, type, envelope FROM billing.outbox WHERE aggregate_id = $1 ORDER BY seq`, [id]);
  const seen = seenEvents.get(id) ?? new Map<number, string>();
  seenEvents.set(id, seen);
  for (const r of rows) {
    const type = String(r.type).replace('billing.bill.', '');
    const unpaid = (type === 'expired' || type === 'deleted') && billingEventsV1.BillChanged.decode(eventsV1.EventEnvelope.decode(r.envelope).payload).billableUnpaid;
    seen.set(Number(r.seq), `${type}${unpaid ? '(unpaid)' : ''}`);
  }
  return [...seen.entries()].sort(([a], [b]) => a - b).map(([, t]) => t);
}
const paymentsOf = async (id: string) => (await billing.listPayments({ scope, billId: id, status: 0, pageSize: 100, startingAfter: '' })).payments;
const lookup = async (chain: string, number: string) => (await billing.lookupNumber({ livemode: false, chain, number })).bills.map((b) => b.id);

describe('konbini rules over time (test clock)', () => {
  it('identifies a payment by the store network\'s transaction id', async () => {
    const bill = await create(await today(5), { repeat: true });
    const paidAt = new Date(Math.floor((await now()).getTime() / 1000) * 1000);
    await send(bill, 'preliminary', { paidAt, transactionId: 'T-1' });
    // same number, second and store, another transaction: another payment
    await send(bill, 'preliminary', { paidAt, transactionId: 'T-2' });
    // the same transaction again (its confirmation, and a repeat): the same payment
    await send(bill, 'confirmed', { paidAt, transactionId: 'T-1' });
    await send(bill, 'confirmed', { paidAt, transactionId: 'T-1', storeCode: 'S2' });
    const payments = await paymentsOf(bill.id);
    expect(payments.map((p) => [p.storeTransactionId, billingV1.PaymentStatus[p.status]]).sort()).toEqual([
      ['T-1', 'PAYMENT_STATUS_CONFIRMED'],
      ['T-2', 'PAYMENT_STATUS_PRELIMINARY'],
    ]);
    // without ids, chain + number + time + store identify it as before
    const plain = await create(await today(5), { repeat: true });
    await send(plain, 'preliminary', { paidAt });
    await send(plain, 'confirmed', { paidAt });
    expect((await paymentsOf(plain.id)).map((p) => billingV1.PaymentStatus[p.status])).toEqual(['PAYMENT_STATUS_CONFIRMED']);
  });

  it('expires a bill only after its grace, flags it unpaid, and a late payment after the expiry undoes it', async () => {
    const due = await today(1);
    const bill = await create(due);
    const untouched = await create(due);
    // 00:10 JST after the due date: in the grace, still open — but no kiosk lists it any more
    await clockTo(afterDueEnd(due, 10));
    await opsPost('/test/jobs/billing.expire-bills/run');
    expect(await status(bill.id)).toBe('open');
    expect(await lookup('seven_eleven', bill.paymentNumbers[0].number)).toEqual([]);
    // 00:30 JST: the grace is over
    await clockTo(afterDueEnd(due, 30));
    await opsPost('/test/jobs/billing.expire-bills/run');
    expect([await status(bill.id), await status(untouched.id)]).toEqual(['expired', 'expired']);
    expect(await billEvents(bill.id)).toEqual(['created', 'expired(unpaid)']);
    // a slip printed at 23:58 was paid at 00:25 and reported now: accepted, flagged late, the bill paid after all
    await send(bill, 'preliminary', { paidAt: afterDueEnd(due, 25), transactionId: `late-${bill.id}` });
    expect(await status(bill.id)).toBe('paid');
    expect((await paymentsOf(bill.id))[0]).toMatchObject({ late: true });
    expect(await billEvents(bill.id)).toEqual(['created', 'expired(unpaid)', 'updated', 'paid_after_expiry']);
    // …and its cancellation ends it unpaid again (not payable any more)
    await send(bill, 'cancelled', { paidAt: afterDueEnd(due, 25), transactionId: `late-${bill.id}` });
    expect(await status(bill.id)).toBe('expired');
    expect(await billEvents(bill.id)).toEqual(['created', 'expired(unpaid)', 'updated', 'paid_after_expiry', 'expired(unpaid)']);
    expect(await billEvents(untouched.id)).toEqual(['created', 'expired(unpaid)']);
  });

  it('re-opens a bill on a cancelled preliminary only before its due date ends', async () => {
    const due = await today(1);
    const early = await create(due);
    const late = await create(due);
    await send(early, 'preliminary', { paidAt: await now(), transactionId: `e-${early.id}` });
    await send(late, 'preliminary', { paidAt: afterDueEnd(due, -5), transactionId: `l-${late.id}` });
    // cancelled on the due date: payable again, and the kiosk shows it
    await clockTo(afterDueEnd(due, -60));
    await send(early, 'cancelled', { paidAt: await now(), transactionId: `e-${early.id}` });
    expect(await status(early.id)).toBe('open');
    expect(await lookup('seven_eleven', early.paymentNumbers[0].number)).toEqual([early.id]);
    // cancelled at 00:05 JST the next day: not payable again — it ends as the expiry would end it
    await clockTo(afterDueEnd(due, 5));
    await send(late, 'cancelled', { paidAt: afterDueEnd(due, -5), transactionId: `l-${late.id}` });
    expect(await status(late.id)).toBe('expired');
    expect(await billEvents(late.id)).toEqual(['created', 'updated', 'expired(unpaid)']);
    expect(await lookup('seven_eleven', late.paymentNumbers[0].number)).toEqual([]);
  });

  it('does not flag a repeat bill that collected money, nor a deleted one that took a payment', async () => {
    const due = await today(1);
    const collected = await create(due, { repeat: true });
    const never = await create(due, { repeat: true });
    await send(collected, 'preliminary', { paidAt: await now(), transactionId: `r-${collected.id}` });
    await send(collected, 'confirmed', { paidAt: await now(), transactionId: `r-${collected.id}` });
    const deletedPaid = await create(due, { repeat: true });
    await send(deletedPaid, 'preliminary', { paidAt: await now(), transactionId: `d-${deletedPaid.id}` });
    await billing.deleteBill({ scope, billId: deletedPaid.id, requestId: '' });
    const deletedUnpaid = await create(due);
    await billing.deleteBill({ scope, billId: deletedUnpaid.id, requestId: '' });
    await clockTo(afterDueEnd(due, 30));
    await opsPost('/test/jobs/billing.expire-bills/run');
    expect(await billEvents(collected.id)).toEqual(['created', 'expired']);
    expect(await billEvents(never.id)).toEqual(['created', 'expired(unpaid)']);
    expect(await billEvents(deletedPaid.id)).toEqual(['created', 'deleted']);
    expect(await billEvents(deletedUnpaid.id)).toEqual(['created', 'deleted(unpaid)']);
    // an expired repeat bill paid late: the unpaid flag undone, the bill stays expired
    await send(never, 'preliminary', { paidAt: afterDueEnd(due, 20), transactionId: `n-${never.id}` });
    expect(await status(never.id)).toBe('expired');
    expect(await billEvents(never.id)).toEqual(['created', 'expired(unpaid)', 'paid_after_expiry']);
  });

  it('refuses to move a due date before the update\'s day, or onto it with FamilyMart; the latest stays the registration day\'s 60th', async () => {
    const registered = await today(0);
    const bill = await create(await today(10), { stores: ['seven_eleven', 'familymart'] });
    await opsPost('/test/clock', { advance_ms: 3 * 24 * HOUR });
    const update = (dueDate: string) => billing.updateBill({ scope, billId: bill.id, dueDate, requestId: '', clearTaxAmount: false }).then(() => null, (e: unknown) => (isDomainError(e) ? e.fieldViolations.map((v) => v.field) : e));
    const day = (n: number) => new Date(new Date(`${registered}T00:00:00Z`).getTime() + n * 24 * HOUR).toISOString().slice(0, 10);
    expect(await update(day(1))).toEqual(['due_date']); // after registration, before today
    expect(await update(day(3))).toEqual(['due_date']); // today, with FamilyMart
    expect(await update(day(4))).toBeNull();
    expect(await update(day(60))).toEqual(['due_date']); // the 61st day counting the registration day
    expect(await update(day(59))).toBeNull(); // the 60th
    expect(await update(day(2))).toEqual(['due_date']); // yesterday
  });
});

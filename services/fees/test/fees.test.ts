import { billingEventsV1, billingV1, notificationEventsV1, remittanceEventsV1 } from '@kessai/contracts';
import { connectClient, newId } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { rejection } from '../../../scripts/test/support/errors';
import { feesTestKit } from './support';

// Fee items accrue from the events that cause them, once per cause, however
// often and in whatever order the events arrive
// (docs/reference/fees-and-settlement.md#fee-items). The merchant comes from
// the real gateway (its gateway.merchant.created reaches fees, or fees asks the
// gateway); the other facts are published on the run's NATS with the real
// envelope, as their producers' outbox relays do.
const { ctx, fees, envelope, publish, merchant, payment, items } = feesTestKit();

it('accrues each cause once, from duplicated and reordered events, and traces every item to it', async () => {
  const m = await merchant('billing_plan');
  const paidAt = new Date('2026-12-03T03:00:00Z');
  const bigPayment = newId('pay');
  const big = payment(m, bigPayment, 200, paidAt);
  const small = payment(m, newId('pay'), 0, paidAt);
  const billId = newId('bill');
  const expired = envelope('billing.bill.expired', m, 'kessai.billing.events.v1.BillChanged', billingEventsV1.BillChanged, { bill: { billId, merchantId: m, status: 'expired' }, billableUnpaid: true });
  const notUnpaid = envelope('billing.bill.deleted', m, 'kessai.billing.events.v1.BillChanged', billingEventsV1.BillChanged, { bill: { billId: newId('bill'), merchantId: m, status: 'deleted' }, billableUnpaid: false });
  const transferId = newId('trf');
  const attempt = (kind: string) => envelope('remittance.billable_item.recorded', m, 'kessai.remittance.events.v1.BillableItemRecorded', remittanceEventsV1.BillableItemRecorded,
    { itemId: newId('bil'), kind, amount: 1, transferId, orderId: 'rord_1', recipientId: 'rrcp_1' });
  const failed = attempt('remittance_transfer');
  const retried = attempt('remittance_transfer'); // a second attempt of the recipient is charged again
  const reversal = attempt('reversal');
  const postcard = envelope('notification.postcard.sent', m, 'kessai.notification.events.v1.PostcardSent', notificationEventsV1.PostcardSent, { messageId: newId('msg'), batchId: 'pcb_1', reference: 'rrcp_1', kind: 'remittance_invitation', sentAt: new Date() });
  const call = (direction: string, outcome: string) => envelope('notification.phone_task.completed', m, 'kessai.notification.events.v1.PhoneTaskCompleted', notificationEventsV1.PhoneTaskCompleted,
    { taskId: newId('ptk'), messageId: '', reference: 'rrcp_1', direction, outcome, attempts: 1, operatorId: 'op', completedAt: new Date() });
  const calls = [call('outbound', 'unreachable'), call('outbound', 'reached'), call('inbound', 'reached')];

  // everything three times, in an order unlike the causes'
  await publish([...calls.reverse(), reversal, big, postcard, failed, expired, notUnpaid, small, retried], 3);
  // and the same payment again under another event id (a second report of one cause)
  const again = payment(m, bigPayment, 200, paidAt);
  expect(again.id).not.toBe(big.id);
  await publish([again]);

  const want = { paid_bill: 2, stamp_duty: 1, unpaid_bill: 1, remittance_transfer: 2, reversal: 1, postcard: 1, phone_reception: 1, initial: 1 };
  await eventually(async () => (await items(m)).length === Object.values(want).reduce((a, b) => a + b, 0), 30_000, 'fee items accrued');
  const all = await items(m);
  const count: Record<string, number> = {};
  for (const i of all) count[i.kind] = (count[i.kind] ?? 0) + 1;
  expect(count).toEqual(want);
  const amounts = Object.fromEntries(all.map((i) => [i.kind, i.amount]));
  expect(amounts).toMatchObject({ paid_bill: 0, stamp_duty: 200, unpaid_bill: 20, remittance_transfer: 500, reversal: 800, postcard: 100, phone_reception: 400, initial: 10_000 });
  const stamp = all.find((i) => i.kind === 'stamp_duty')!;
  expect(stamp).toMatchObject({ taxable: false, causeType: 'payment', eventId: big.id, eventType: 'billing.payment.confirmed', occurredOn: '2026-12-03', settlement: 'collection' });
  expect(all.find((i) => i.kind === 'unpaid_bill')).toMatchObject({ causeType: 'bill', causeId: billId, eventId: expired.id });
  expect(all.filter((i) => i.kind === 'remittance_transfer').every((i) => i.causeType === 'transfer' && i.causeId === transferId && i.settlement === 'remittance')).toBe(true);

  // filters and pages
  expect((await items(m, { kind: 'paid_bill' })).map((i) => i.kind)).toEqual(['paid_bill', 'paid_bill']);
  expect(await items(m, { causeId: billId })).toHaveLength(1);
  expect(await items(m, { fromDate: '2026-12-04', toDate: '2026-12-04', kind: 'stamp_duty' })).toHaveLength(0);
  const first = await fees.listFeeItems({ merchantId: m, livemode: false, pageSize: 4, pageToken: '', kind: '', causeId: '', fromDate: '', toDate: '' });
  const second = await fees.listFeeItems({ merchantId: m, livemode: false, pageSize: 100, pageToken: first.nextPageToken, kind: '', causeId: '', fromDate: '', toDate: '' });
  expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.map((i) => i.id));
  expect(second.nextPageToken).toBe('');
  const bad = await rejection(fees.listFeeItems({ merchantId: m, livemode: false, pageSize: 101, pageToken: '', kind: '', causeId: '', fromDate: '', toDate: '' }));
  expect(bad.fieldViolations[0].field).toBe('page_size');
});

it('charges no unpaid-bill fee on the collection plan', async () => {
  const m = await merchant('collection_plan');
  const expired = envelope('billing.bill.expired', m, 'kessai.billing.events.v1.BillChanged', billingEventsV1.BillChanged, { bill: { billId: newId('bill'), merchantId: m, status: 'expired' }, billableUnpaid: true });
  const paid = payment(m, newId('pay'), 0, new Date());
  await publish([expired, paid]);
  await eventually(async () => (await items(m)).length === 1, 30_000, 'the payment accrued');
  await eventually(async () => {
    const { rows } = await (await import('../../../scripts/test/support/db')).query(`SELECT count(*)::int AS n FROM fees.inbox WHERE event_id = $1`, [expired.id]);
    return rows[0].n === 1;
  }, 30_000, 'the expiry processed');
  expect((await items(m)).map((i) => i.kind)).toEqual(['paid_bill']);
});

it('sets amounts from a date after today only; a later fee takes the amount of its day; replayed by request id', async () => {
  const m = await merchant('collection_plan');
  const today = (await fees.getFeeSchedule({ merchantId: m, onDate: '' })).schedule!;
  expect(today.effectiveFrom).toBe('');
  expect(Object.fromEntries(today.amounts.map((a) => [a.kind, a.amount]))).toMatchObject({ paid_bill: 0, unpaid_bill: 20, payout_transfer: 1_500, initial: 10_000 });

  const past = await rejection(fees.setFeeSchedule({ requestId: newId('req'), merchantId: m, effectiveFrom: '2020-01-01', amounts: [{ kind: 'paid_bill', amount: 150 }] }));
  expect(past.fieldViolations.map((v) => v.field)).toEqual(['effective_from']);
  const req = { requestId: newId('req'), merchantId: m, effectiveFrom: '2049-01-01', amounts: [{ kind: 'paid_bill', amount: 150 }] };
  const set = await fees.setFeeSchedule(req);
  expect(set.schedule!.amounts.find((a) => a.kind === 'paid_bill')!.amount).toBe(150);
  expect((await fees.setFeeSchedule(req)).schedule!.effectiveFrom).toBe('2049-01-01');
  expect((await rejection(fees.setFeeSchedule({ ...req, amounts: [{ kind: 'paid_bill', amount: 1 }] }))).code).toBe('idempotency_key_reused');
  const got = await fees.getFeeSchedule({ merchantId: m, onDate: '' });
  expect(got.upcoming.map((u) => u.effectiveFrom)).toEqual(['2049-01-01']);
  expect((await fees.getFeeSchedule({ merchantId: m, onDate: '2049-01-01' })).schedule!.effectiveFrom).toBe('2049-01-01');

  // a payment paid before the change costs the old amount, one paid on the day of the change the new one
  await publish([payment(m, newId('pay'), 0, new Date('2048-12-31T14:59:00Z')), payment(m, newId('pay'), 0, new Date('2048-12-31T15:00:00Z'))]);
  await eventually(async () => (await items(m)).length === 2, 30_000, 'two payments accrued');
  expect((await items(m)).map((i) => [i.occurredOn, i.amount]).sort()).toEqual([['2048-12-31', 0], ['2049-01-01', 150]]);
});

it('lists no statements before any is fixed, and finds none of another merchant', async () => {
  const m = await merchant('collection_plan');
  expect(await fees.listStatements({ merchantId: m, livemode: false, pageSize: 0, pageToken: '' })).toEqual({ statements: [], nextPageToken: '' });
  expect((await rejection(fees.getStatement({ statementId: 'stm_nope', merchantId: m }))).kind).toBe('not_found');
});

it('a bill deleted unpaid at the real billing service costs 20 yen on the billing plan, traced to the bill', async () => {
  const billing = connectClient(billingV1.BillingServiceClient, ctx.services.billing.grpcAddr);
  try {
    const bill = async (merchantId: string) => {
      const due = new Date(Date.now() + 9 * 3600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
      const { bill: b } = await billing.createBill({
        requestId: newId('req'), livemode: false, merchantId, ownerId: '', merchantName: '手数料KK', contractChains: ['lawson'], amount: 1_000, dueDate: due, stores: [], message: '',
        orderReference: '', customer: { name: '', email: '', phone: '' }, repeat: false, customerNumber: '', newCustomerNumber: false, customerId: '',
      });
      await billing.deleteBill({ scope: { livemode: false, merchantId, includeTenants: false, tenantId: '' }, billId: b!.id, requestId: newId('req') });
      return b!.id;
    };
    const onBilling = await merchant('billing_plan');
    const onCollection = await merchant('collection_plan');
    const billId = await bill(onBilling);
    const freeId = await bill(onCollection);
    await eventually(async () => (await items(onBilling)).length === 1, 30_000, 'unpaid-bill fee accrued');
    expect((await items(onBilling))[0]).toMatchObject({ kind: 'unpaid_bill', amount: 20, causeType: 'bill', causeId: billId, eventType: 'billing.bill.deleted', settlement: 'collection' });
    await eventually(async () => {
      const { rows } = await (await import('../../../scripts/test/support/db')).query(
        `SELECT count(*)::int AS n FROM fees.inbox i JOIN billing.outbox o ON o.event_id = i.event_id WHERE o.aggregate_id = $1 AND o.type = 'billing.bill.deleted'`, [freeId]);
      return rows[0].n === 1;
    }, 30_000, 'the collection-plan deletion processed');
    expect(await items(onCollection)).toEqual([]);
  } finally {
    billing.close();
  }
});

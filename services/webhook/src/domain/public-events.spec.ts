import { billingEventsV1, ledgerEventsV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';
import { toPublicEvents } from './public-events';

const envelope = (type: string, payload: Uint8Array, merchantId = 'mer_1'): EventEnvelope => ({
  id: 'evt_1', type, version: 1, occurredAt: new Date('2026-11-23T03:00:00Z'), source: type.split('.')[0], merchantId, livemode: false,
  traceparent: '', payloadType: '', payload: Buffer.from(payload), aggregateId: 'x',
});

describe('toPublicEvents', () => {
  it('tells the merchant when the store took another amount than the bill', () => {
    const payload = billingEventsV1.PaymentChanged.encode({
      payment: billingEventsV1.PaymentSnapshot.fromPartial({ paymentId: 'pay_1', billId: 'bill_1', status: 'preliminary', chain: 'lawson', amount: 500, amountMismatch: true, billAmount: 5_000 }),
    }).finish();
    const [event] = toPublicEvents(envelope('billing.payment.preliminary', payload));
    expect(event.type).toBe('payment.preliminary');
    expect(event.object).toMatchObject({ object: 'payment', id: 'pay_1', amount: 500, amount_mismatch: true, bill_amount: 5_000 });
  });

  it('carries a bill\'s metadata to the merchant', () => {
    const payload = billingEventsV1.BillChanged.encode({
      bill: billingEventsV1.BillSnapshot.fromPartial({ billId: 'bill_1', status: 'open', amount: 1_000, dueDate: '2026-12-01', metadata: { order_id: 'A-1' } }),
    }).finish();
    const [event] = toPublicEvents(envelope('billing.bill.created', payload));
    expect(event.object).toMatchObject({ object: 'bill', id: 'bill_1', metadata: { order_id: 'A-1' } });
    const [bare] = toPublicEvents(envelope('billing.bill.created', billingEventsV1.BillChanged.encode({ bill: billingEventsV1.BillSnapshot.fromPartial({ billId: 'bill_2' }) }).finish()));
    expect(bare.object).toMatchObject({ metadata: {} });
  });

  it('makes a deposit public and ignores other postings', () => {
    const deposit = ledgerEventsV1.TransactionPosted.encode({
      transactionId: 'txn_1', idempotencyKey: 'k', kind: 'deposit.received', description: '', metadata: { deposit_id: 'dep_1' }, reversesTransactionId: '',
      postings: [{ account: { ownerId: 'platform', type: 'platform_bank' }, amount: -100 }, { account: { ownerId: 'mer_1', type: 'deposit' }, amount: 100 }],
    }).finish();
    expect(toPublicEvents(envelope('ledger.transaction.posted', deposit)).map((e) => e.type)).toEqual(['balance.deposit_received']);
    const transfer = ledgerEventsV1.TransactionPosted.encode({
      transactionId: 'txn_2', idempotencyKey: 'k2', kind: 'bench.transfer', description: '', metadata: {}, reversesTransactionId: '',
      postings: [{ account: { ownerId: 'mer_1', type: 'deposit' }, amount: -1 }, { account: { ownerId: 'mer_2', type: 'deposit' }, amount: 1 }],
    }).finish();
    expect(toPublicEvents(envelope('ledger.transaction.posted', transfer))).toEqual([]);
  });
});

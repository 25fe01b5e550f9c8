import { billingEventsV1, ledgerEventsV1, remittanceEventsV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';
import { PUBLIC_EVENT_SOURCES, PUBLIC_EVENT_TYPES, toPublicEvents } from './public-events';

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

  it('makes each deposit of a batched ledger.transactions.posted public for its own merchant', () => {
    const txn = (id: string, merchant: string, kind: string) => ledgerEventsV1.TransactionPosted.fromPartial({
      transactionId: id, idempotencyKey: id, kind, metadata: {},
      postings: [{ account: { ownerId: 'platform', type: 'platform_bank' }, amount: -100 }, { account: { ownerId: merchant, type: 'deposit' }, amount: 100 }],
    });
    const batch = ledgerEventsV1.TransactionsPosted.encode({
      transactions: [
        { merchantId: 'mer_1', transaction: txn('txn_1', 'mer_1', 'deposit.received') },
        { merchantId: 'mer_2', transaction: txn('txn_2', 'mer_2', 'deposit.received') },
        { merchantId: 'mer_3', transaction: txn('txn_3', 'mer_3', 'bench.transfer') },
      ],
    }).finish();
    const events = toPublicEvents(envelope('ledger.transactions.posted', batch, ''));
    expect(events.map((e) => [e.type, e.merchantId, e.object.transaction_id])).toEqual([
      ['balance.deposit_received', 'mer_1', 'txn_1'],
      ['balance.deposit_received', 'mer_2', 'txn_2'],
    ]);
    expect(PUBLIC_EVENT_SOURCES).toContain('ledger.transactions.posted');
  });

  it('maps every remittance step one to one, with the shortfall and the failure code; other remittance events stay internal', () => {
    const order = remittanceEventsV1.OrderChanged.encode({ orderId: 'rmo_1', status: 'waiting_for_funds', totalAmount: 60_000, shortfallAmount: 50_000, holdId: '', recipientCount: 3, ownerId: '', reference: 'c-1' }).finish();
    const [waiting] = toPublicEvents(envelope('remittance.order.waiting_for_funds', order));
    expect(waiting).toMatchObject({ type: 'remittance_order.waiting_for_funds', merchantId: 'mer_1', object: { object: 'remittance_order', id: 'rmo_1', shortfall_amount: 50_000, total_amount: 60_000 } });
    const transfer = remittanceEventsV1.TransferChanged.encode({ transferId: 'trn_1', purpose: 'recipient', status: 'failed', amount: 10_000, executionDate: '2027-01-04', fileId: 'tfl_1', failureCode: 'name_mismatch', reference: 'r', orderId: 'rmo_1', recipientId: 'rcp_1' }).finish();
    expect(toPublicEvents(envelope('remittance.transfer.failed', transfer))[0]).toMatchObject({ type: 'remittance_transfer.failed', object: { id: 'trn_1', failure_code: 'name_mismatch', recipient: 'rcp_1' } });
    expect(toPublicEvents(envelope('remittance.billable_item.recorded', new Uint8Array()))).toEqual([]);
    expect(toPublicEvents(envelope('remittance.recipient.held_for_review', remittanceEventsV1.RecipientChanged.encode({ orderId: 'o', recipientId: 'r', status: 'held_for_review', amount: 1, reference: '', channels: [], ownerId: '' }).finish()))).toEqual([]);
    for (const source of PUBLIC_EVENT_SOURCES.filter((s) => s.startsWith('remittance.'))) expect(PUBLIC_EVENT_TYPES).toHaveProperty([source.replace(/^remittance\.([a-z]+)\./, 'remittance_$1.')]);
  });
});

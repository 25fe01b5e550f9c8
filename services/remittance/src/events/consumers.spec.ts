import { ledgerEventsV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';
import { creditedDeposit, creditedDeposits } from './consumers';

const envelope = (type: string, payload: Uint8Array): EventEnvelope => ({
  id: 'evt_1', type, version: 1, occurredAt: new Date(), source: 'ledger', merchantId: '', livemode: false,
  traceparent: '', payloadType: '', payload: Buffer.from(payload), aggregateId: 'x',
});

const txn = (id: string, from: string, to: string) =>
  ledgerEventsV1.TransactionPosted.fromPartial({
    transactionId: id, kind: 'deposit.received',
    postings: [{ account: { ownerId: from, type: from === 'platform' ? 'platform_bank' : 'deposit' }, amount: -100 }, { account: { ownerId: to, type: 'deposit' }, amount: 100 }],
  });

describe('deposits credited, for the orders waiting for funds', () => {
  it('one transaction: its credited merchant', () => {
    expect(creditedDeposit(envelope('ledger.transaction.posted', ledgerEventsV1.TransactionPosted.encode(txn('txn_1', 'platform', 'mer_1')).finish()))).toBe('mer_1');
  });

  it('a batched ledger.transactions.posted: every credited merchant once', () => {
    const batch = ledgerEventsV1.TransactionsPosted.encode({
      transactions: [
        { merchantId: 'mer_1', transaction: txn('txn_1', 'platform', 'mer_1') },
        { merchantId: 'mer_2', transaction: txn('txn_2', 'mer_3', 'mer_2') },
        { merchantId: 'mer_1', transaction: txn('txn_3', 'platform', 'mer_1') },
      ],
    }).finish();
    expect(creditedDeposits(envelope('ledger.transactions.posted', batch))).toEqual(['mer_1', 'mer_2']);
  });
});

import { feesEventsV1, feesV1, remittanceEventsV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';
import { PUBLIC_EVENT_SOURCES, PUBLIC_EVENT_TYPES, toPublicEvents } from './public-events';

const envelope = (type: string, payload: Uint8Array, merchantId = 'mer_1'): EventEnvelope => ({
  id: 'evt_1', type, version: 1, occurredAt: new Date('2026-11-23T03:00:00Z'), source: type.split('.')[0], merchantId, livemode: false,
  traceparent: '', payloadType: '', payload: Buffer.from(payload), aggregateId: 'x',
});

describe('settlement public events', () => {
  it('makes a fixed statement public as statement.fixed, in snake_case', () => {
    const statement = feesV1.Statement.fromPartial({
      id: 'stm_1', merchantId: 'mer_1', settlementCycle: 'half_monthly', periodStart: '2026-11-01', periodClose: '2026-11-15', fixDate: '2026-11-20', payoutDate: '2026-11-27',
      status: 'fixed', confirmedCollections: 58_000, consumptionTax: 150, stampDuty: 200, payoutFee: 1_500, payoutAmount: 56_150, fixedAt: new Date('2026-11-20T00:00:00Z'),
    });
    const [event] = toPublicEvents(envelope('fees.statement.fixed', feesEventsV1.StatementFixed.encode({ statement }).finish()));
    expect(event).toMatchObject({
      type: 'statement.fixed', merchantId: 'mer_1',
      object: { object: 'statement', id: 'stm_1', period_close: '2026-11-15', payout_date: '2026-11-27', confirmed_collections: 58_000, payout_fee: 1_500, payout_amount: 56_150, carried_over: 0, currency: 'jpy', fixed_at: '2026-11-20T00:00:00.000Z' },
    });
    expect(PUBLIC_EVENT_TYPES).toHaveProperty(['statement.fixed']);
    expect(PUBLIC_EVENT_SOURCES).toEqual(expect.arrayContaining(['fees.statement.fixed', 'fees.payout.paid', 'fees.payout.failed']));
  });

  it('makes paid and failed payouts public; a payout\'s remittance transfer stays internal', () => {
    const payout = feesV1.Payout.fromPartial({ id: 'pyo_1', merchantId: 'mer_1', statementId: 'stm_1', amount: 56_150, payoutDate: '2026-11-27', state: 'failed', failureCode: 'no_account', bankCode: '0001', accountNumberLast4: '4567' });
    const [failed] = toPublicEvents(envelope('fees.payout.failed', feesEventsV1.PayoutChanged.encode({ payout }).finish()));
    expect(failed).toMatchObject({ type: 'payout.failed', object: { object: 'payout', id: 'pyo_1', statement: 'stm_1', status: 'failed', amount: 56_150, failure_code: 'no_account', account_number_last4: '4567' } });
    const [paid] = toPublicEvents(envelope('fees.payout.paid', feesEventsV1.PayoutChanged.encode({ payout: { ...payout, state: 'paid', failureCode: '' } }).finish()));
    expect(paid).toMatchObject({ type: 'payout.paid', object: { status: 'paid', failure_code: null } });
    expect(toPublicEvents(envelope('fees.payout.submitted', feesEventsV1.PayoutChanged.encode({ payout }).finish()))).toEqual([]);
    const transfer = remittanceEventsV1.TransferChanged.encode({ transferId: 'trn_1', purpose: 'payout', status: 'succeeded', amount: 56_150, executionDate: '2026-11-27', fileId: 'tfl_1', failureCode: '', reference: 'stm_1', orderId: '', recipientId: '' }).finish();
    expect(toPublicEvents(envelope('remittance.transfer.succeeded', transfer))).toEqual([]);
  });
});

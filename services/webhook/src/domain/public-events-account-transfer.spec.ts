import { accountTransferEventsV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';
import { PUBLIC_EVENT_TYPES, toPublicEvents } from './public-events';
import { ACCOUNT_TRANSFER_PUBLIC_SOURCES } from './public-events-account-transfer';

const envelope = (type: string, payload: Uint8Array, merchantId = 'mer_1'): EventEnvelope => ({
  id: 'evt_1', type, version: 1, occurredAt: new Date('2026-11-23T03:00:00Z'), source: 'account-transfer', merchantId, livemode: false,
  traceparent: '', payloadType: '', payload: Buffer.from(payload), aggregateId: 'x',
});

describe('direct-debit public events', () => {
  it('publishes debit results with their code', () => {
    const payload = accountTransferEventsV1.DebitCompleted.encode(accountTransferEventsV1.DebitCompleted.fromPartial({ debitId: 'dbt_1', customerId: 'dcu_1', amount: 1_000, resultCode: 1, resultMessage: 'insufficient funds', debitedOn: '2026-11-23' })).finish();
    const [event] = toPublicEvents(envelope('account_transfer.debit.failed', payload));
    expect(event).toMatchObject({ type: 'debit.failed', merchantId: 'mer_1', object: { object: 'debit', id: 'dbt_1', result_code: 1, result_message: 'insufficient funds', expected_credit_on: null } });
  });

  it('publishes mandate changes and the mismatch list, never without a merchant', () => {
    const m = accountTransferEventsV1.MandateChanged.encode(accountTransferEventsV1.MandateChanged.fromPartial({ mandateId: 'mdt_1', status: 'active', previousStatus: 'requested', changedOn: '2026-11-23', source: 'bank_callback' })).finish();
    expect(toPublicEvents(envelope('account_transfer.mandate.activated', m)).map((e) => e.type)).toEqual(['mandate.active']);
    expect(toPublicEvents(envelope('account_transfer.mandate.activated', m, ''))).toEqual([]);
    const l = accountTransferEventsV1.MandateMismatchesFound.encode(accountTransferEventsV1.MandateMismatchesFound.fromPartial({ runOn: '2026-11-23', count: 2, byKind: { missing_at_bank: 2 } })).finish();
    expect(toPublicEvents(envelope('account_transfer.mandate_mismatches.found', l))[0].object).toEqual({ object: 'mandate_mismatch_list', run_on: '2026-11-23', count: 2, by_kind: { missing_at_bank: 2 } });
  });

  it('has a catalogue entry for every source', () => {
    const empty = accountTransferEventsV1.MandateChanged.encode(accountTransferEventsV1.MandateChanged.fromPartial({ status: 'requested' })).finish();
    for (const source of ACCOUNT_TRANSFER_PUBLIC_SOURCES) {
      const payload = source.includes('mandate.') ? accountTransferEventsV1.MandateChanged.encode(accountTransferEventsV1.MandateChanged.fromPartial({ status: source.endsWith('activated') ? 'active' : source.split('.').pop()! })).finish() : empty;
      for (const e of toPublicEvents(envelope(source, payload))) expect(Object.keys(PUBLIC_EVENT_TYPES)).toContain(e.type);
    }
  });
});

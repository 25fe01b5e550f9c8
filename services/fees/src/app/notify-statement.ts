import { feesEventsV1, notificationV1 } from '@kessai/contracts';
import { type EventEnvelope, useCase } from '@kessai/platform';
import type { Queryable } from '../db/queryable';
import { noticesStore } from '../db/notices-store';
import type { FeesDeps } from './deps';

/**
 * The merchant's email about a fixed statement (docs/reference/fees-and-settlement.md#payouts):
 * this service consumes its own `fees.statement.fixed` through the inbox and
 * emails the merchant's contact addresses (kind statement_fixed) the figures,
 * the payout amount and date or what carries over. The request id is the
 * statement's, so a redelivery or a retry after a crash sends nothing new;
 * `notified_at` on the statement records it in the inbox transaction.
 */
export function notifyStatement(deps: FeesDeps, q: Queryable, envelope: EventEnvelope): Promise<{ emails: string[] }> {
  return useCase('fees.notify_statement', async () => {
    const s = feesEventsV1.StatementFixed.decode(envelope.payload).statement;
    if (!s) throw new Error(`event ${envelope.id}: no statement`);
    const api = deps.merchantApiUrl.replace(/\/$/, '');
    const emails = await deps.mailer.toContacts({
      requestId: `statement-fixed:${s.id}`,
      livemode: s.livemode,
      merchantId: s.merchantId,
      kind: notificationV1.MessageKind.MESSAGE_KIND_STATEMENT_FIXED,
      amount: s.payoutAmount,
      reference: s.id,
      variables: {
        statement_id: s.id, period_start: s.periodStart, period_close: s.periodClose, payout_date: s.payoutDate,
        confirmed_collections: String(s.confirmedCollections), fees: String(s.fees), consumption_tax: String(s.consumptionTax), stamp_duty: String(s.stampDuty),
        payout_fee: String(s.payoutFee), payout_amount: String(s.payoutAmount), carried_in: String(s.carriedIn), carried_over: String(s.carriedOver),
        link: `${api}/v1/statements/${s.id}`,
      },
    });
    await noticesStore.markNotified(q, s.id, deps.clock.now());
    return { emails };
  });
}

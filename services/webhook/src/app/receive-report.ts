import { newId, requestHash, useCase } from '@kessai/platform';
import { recordInboundRequest } from '../db/inbound-store';
import { UNRECOGNISED_PAYMENT_NUMBER } from '../domain/partner-payloads';
import type { ReportKind } from '../domain/partner-reports';
import type { WebhookDeps } from './deps';
import { Partner, partnerEventCommand } from './partner-event';

/**
 * A verified partner report: recorded once by (partner, event id) and its
 * event put in the outbox, in one transaction, before the partner gets its
 * 2xx. A repeat changes nothing; the same id with another body is a conflict.
 * What the report's kind flags (a store result whose number fits no chain's
 * shape) is recorded all the same, flagged on the request and counted.
 */
export function receiveReport<T extends { id: string }>(
  deps: Pick<WebhookDeps, 'dataSource' | 'outbox' | 'clock' | 'logger' | 'idempotency' | 'metrics' | 'eventsCommitted'>,
  kind: ReportKind<T>,
  partner: Partner,
  payload: T,
  signedAt: Date,
): Promise<{ reportId: string; duplicate: boolean }> {
  return useCase(
    'webhook.receive_report',
    async () => {
      const now = deps.clock.now();
      const reportId = newId('rpt', now.getTime());
      const flags = kind.flags?.(payload) ?? [];
      // the report id is drawn first, so the claim stores it in the same statement (one round trip)
      const { value, replayed } = await deps.dataSource.transaction((tx) =>
        deps.idempotency.runKnown(tx, partnerEventCommand(partner.id, kind.eventType, payload), { reportId }, async () => {
          await recordInboundRequest(tx, {
            partner: partner.id, eventId: payload.id, kind: kind.eventType, bodyHash: requestHash(payload), body: { report_id: reportId, ...payload }, signedAt, receivedAt: now, flags,
          });
          await deps.outbox.add(tx, [
            {
              type: kind.eventType,
              aggregateId: kind.aggregateId(payload),
              livemode: partner.livemode,
              occurredAt: now,
              payloadType: kind.payloadType,
              payload: kind.encode(payload, { reportId, partner: partner.id }),
            },
          ]);
        }),
      );
      if (replayed) return { reportId: value.reportId, duplicate: true };
      deps.eventsCommitted();
      if (flags.includes(UNRECOGNISED_PAYMENT_NUMBER)) deps.metrics.storeResultsUnrecognised.inc();
      if (flags.length) deps.logger.warn({ report_id: reportId, partner: partner.id, kind: kind.eventType, flags }, 'partner report recorded with flags');
      return { reportId, duplicate: false };
    },
    { partner: partner.id, kind: kind.eventType, livemode: partner.livemode },
  );
}

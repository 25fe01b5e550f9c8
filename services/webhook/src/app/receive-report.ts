import { ConflictError, newId, requestHash } from '@kessai/platform';
import type { ReportKind } from '../domain/partner-reports';
import type { ReceiveDeps } from './receive-deposit';

/**
 * A verified partner report: recorded once by (partner, event id) and its
 * event put in the outbox, in one transaction, before the partner gets its
 * 2xx. A repeat changes nothing; the same id with another body is a conflict.
 */
export async function receiveReport<T extends { id: string }>(
  deps: ReceiveDeps,
  kind: ReportKind<T>,
  partner: { id: string; livemode: boolean },
  payload: T,
  signedAt: Date,
): Promise<{ reportId: string; duplicate: boolean }> {
  const bodyHash = requestHash(payload);
  const now = deps.clock.now();
  const reportId = newId('rpt', now.getTime());
  const fresh = await deps.dataSource.transaction(async (tx) => {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO inbound_requests (partner, event_id, kind, body_hash, body, signed_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`,
      [partner.id, payload.id, kind.eventType, bodyHash, JSON.stringify({ report_id: reportId, ...payload }), signedAt, now],
    );
    if (inserted.length === 0) return false;
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
    return true;
  });
  if (fresh) {
    deps.eventsCommitted();
    return { reportId, duplicate: false };
  }
  const [seen]: { body_hash: string; report_id: string }[] = await deps.dataSource.query(
    `SELECT body_hash, body->>'report_id' AS report_id FROM inbound_requests WHERE partner = $1 AND event_id = $2`,
    [partner.id, payload.id],
  );
  if (seen.body_hash !== bodyHash) throw new ConflictError('event_id_reused', 'this event id was already received with a different body');
  return { reportId: seen.report_id, duplicate: true };
}

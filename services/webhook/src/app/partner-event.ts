import { EVENT_ID_REUSED, IdempotentCommand } from '@kessai/platform';

/** A verified partner, as configured (WEBHOOK_PARTNERS). */
export interface Partner {
  id: string;
  livemode: boolean;
}

/**
 * A partner request as an idempotent command (docs/idempotency.md): keyed by
 * the partner's own event id, unique per partner across every kind of
 * request. The same id with another body, or for another kind, answers
 * `event_id_reused` — the published partner contract (docs/events.md).
 */
export function partnerEventCommand(partner: string, kind: string, payload: { id: string }): IdempotentCommand {
  return { scope: `partner_event:${partner}`, key: payload.id, operation: kind, request: payload, conflictCode: EVENT_ID_REUSED, param: 'event_id' };
}

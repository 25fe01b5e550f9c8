import type { BatchEventHandler, EventHandler } from '@kessai/platform';
import { recordPublicEventsOf } from '../app/record-public-events';
import type { WebhookDeps } from '../app/deps';

/** The inbox handler for every internal event that may become public (domain/public-events.ts PUBLIC_EVENT_SOURCES). */
export function publicEventHandler(deps: Pick<WebhookDeps, 'clock' | 'wake'>): EventHandler {
  return ({ envelope }, tx) => recordPublicEventsOf(deps, [envelope], tx);
}

/** The same for a consumer's batch: one set of statements for all of its new events. */
export function publicEventBatchHandler(deps: Pick<WebhookDeps, 'clock' | 'wake'>): BatchEventHandler {
  return (events, tx) => recordPublicEventsOf(deps, events.map((e) => e.envelope), tx);
}

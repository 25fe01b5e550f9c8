import type { EventHandler } from '@kessai/platform';
import { recordPublicEventsOf } from '../app/record-public-events';
import type { WebhookDeps } from '../app/deps';

/** The inbox handler for every internal event that may become public (domain/public-events.ts PUBLIC_EVENT_SOURCES). */
export function publicEventHandler(deps: Pick<WebhookDeps, 'clock' | 'wake'>): EventHandler {
  return ({ envelope }, tx) => recordPublicEventsOf(deps, envelope, tx);
}

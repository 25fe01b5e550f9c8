import type { Metrics } from '@kessai/platform';
import type { Channel } from '../domain/channels';

/** queued: accepted by Send; deferred: a temporary failure, tried again later */
export type NotificationOutcome = 'queued' | 'sent' | 'deferred' | 'failed';

/** The notification service's business counters (served on /metrics). */
export interface NotificationMetrics {
  message(channel: Channel, outcome: NotificationOutcome, count?: number): void;
}

export function notificationMetrics(metrics: Metrics): NotificationMetrics {
  const messages = metrics.counter('kessai_notifications_total', 'messages by channel and outcome (queued, sent, deferred, failed)', ['channel', 'outcome']);
  return {
    message(channel, outcome, count = 1) {
      if (count > 0) messages.inc({ channel, outcome }, count);
    },
  };
}

import { notificationEventsV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { outcomeOfFailure, DeliveryOutcome } from '../domain/delivery';
import type { MessageView } from '../domain/message';
import { renderEmail } from '../domain/templates';
import { messagesStore } from '../db/messages-store';
import type { NotificationDeps } from './deps';
import { messageEvent } from './message-events';

const BATCH = 20;
const LEASE_MS = 5 * 60_000;

/**
 * Sends due email messages: claims a batch (queued and due, or a lapsed lease
 * of a crashed sender) in one short transaction, talks SMTP outside any
 * transaction, then records each outcome with its event. Temporary failures
 * come back after a backoff of platform time; permanent ones fail at once.
 */
export class EmailDelivery {
  private running?: Promise<unknown>;
  private again = false;

  constructor(private readonly deps: NotificationDeps) {}

  /** Runs soon in this process (after a Send); never overlaps itself. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runUntilIdle()
      .catch((err: unknown) => this.deps.logger.warn({ err: String(err) }, 'email delivery run failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  async runUntilIdle(maxBatches = 50): Promise<{ sent: number; deferred: number; failed: number }> {
    const totals = { sent: 0, deferred: 0, failed: 0 };
    for (let i = 0; i < maxBatches; i++) {
      const r = await this.runBatch();
      totals.sent += r.sent;
      totals.deferred += r.deferred;
      totals.failed += r.failed;
      if (r.claimed < BATCH) break;
    }
    return totals;
  }

  runBatch(): Promise<{ claimed: number; sent: number; deferred: number; failed: number }> {
    return useCase('notification.deliver_emails', async () => {
      const now = this.deps.clock.now();
      const claimed = await messagesStore.claimDueEmails(this.deps.dataSource, now, new Date(now.getTime() + LEASE_MS), BATCH);
      const counts = { claimed: claimed.length, sent: 0, deferred: 0, failed: 0 };
      await Promise.all(
        claimed.map(async (m) => {
          const outcome = await this.deliver(m);
          await this.record(m, outcome);
          if (outcome.status === 'sent') counts.sent++;
          else if (outcome.status === 'queued') counts.deferred++;
          else counts.failed++;
        }),
      );
      return counts;
    });
  }

  private async deliver(m: MessageView): Promise<DeliveryOutcome> {
    const { recipient, variables } = m.payload;
    const mail = renderEmail(m.kind, { recipientName: recipient.name, amount: m.amount, variables });
    const result = await this.deps.mailer.send({
      messageId: m.id,
      to: { name: `${recipient.name} 様`, address: recipient.email },
      ...mail,
      headers: { 'X-Kessai-Message-Id': m.id, 'X-Kessai-Kind': m.kind, 'X-Kessai-Reference': m.reference },
    });
    if (result.ok) return { status: 'sent' };
    return outcomeOfFailure(result.failure, m.attempts, this.deps.clock.now(), this.deps.settings.emailMaxAttempts, this.deps.settings.emailRetryBaseMs);
  }

  private async record(m: MessageView, outcome: DeliveryOutcome): Promise<void> {
    const now = this.deps.clock.now();
    const recorded = await this.deps.dataSource.transaction(async (tx) => {
      const q = tx.queryRunner!;
      const recorded = await messagesStore.recordEmailOutcome(q, m, outcome, now);
      if (!recorded) return false; // another sender took over after our lease lapsed
      const base = { messageId: m.id, channel: m.channel, reference: m.reference, attempts: m.attempts };
      const event =
        outcome.status === 'sent'
          ? messageEvent('notification.message.sent', m, 'kessai.notification.events.v1.MessageSent',
              notificationEventsV1.MessageSent.encode({ ...base, requestId: m.requestId, kind: m.kind, sentAt: now }).finish(), now)
          : outcome.status === 'queued'
            ? messageEvent('notification.message.deferred', m, 'kessai.notification.events.v1.MessageDeferred',
                notificationEventsV1.MessageDeferred.encode({ ...base, reason: outcome.reason, nextAttemptAt: outcome.nextAttemptAt }).finish(), now)
            : messageEvent('notification.message.failed', m, 'kessai.notification.events.v1.MessageFailed',
                notificationEventsV1.MessageFailed.encode({ ...base, requestId: m.requestId, kind: m.kind, reason: outcome.reason, permanent: outcome.permanent }).finish(), now);
      await this.deps.outbox.add(q, [event]);
      return true;
    });
    this.deps.eventsCommitted();
    if (recorded) this.deps.metrics.message('email', outcome.status === 'queued' ? 'deferred' : outcome.status);
    const log = { message_id: m.id, attempts: m.attempts, status: outcome.status };
    if (outcome.status === 'sent') this.deps.logger.info(log, 'email sent');
    else this.deps.logger.warn({ ...log, reason: outcome.reason }, 'email not sent');
  }
}

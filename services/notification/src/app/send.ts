import { notificationEventsV1 } from '@kessai/contracts';
import { assertYen, newId, normalisePhone, PreconditionError, QueryRunner, requestHash, useCase, ValidationError } from '@kessai/platform';
import { Channel, decideChannels, MESSAGE_KINDS, MessageKind, RecipientContact } from '../domain/channels';
import type { MessagePayload, MessageView } from '../domain/message';
import { validateVariables } from '../domain/templates';
import { messagesStore } from '../db/messages-store';
import { phoneTasksStore } from '../db/phone-tasks-store';
import type { NotificationDeps } from './deps';
import { messageEvent, requestScope } from './message-events';

export interface SendInput {
  requestId: string;
  livemode: boolean;
  merchantId: string;
  kind: MessageKind | undefined;
  recipient: RecipientContact | undefined;
  channels: Channel[];
  fallbackChannels: Channel[];
  amount: number;
  reference: string;
  variables: Record<string, string>;
}

/**
 * Queues one message per channel the rules choose, in one transaction with a
 * `notification.message.queued` event each. Nothing is sent here: delivery
 * happens afterwards (email worker, postcard batches, phone queue), so a
 * caller never waits on SMTP. Same request id + same request -> the first
 * answer; same id + another request -> ALREADY_EXISTS `idempotency_key_reused`.
 */
export function send(deps: NotificationDeps, input: SendInput): Promise<{ messages: MessageView[]; replayed: boolean }> {
  return useCase('notification.send', async () => {
    const problems: { field: string; description: string }[] = [];
    if (!input.requestId) problems.push({ field: 'request_id', description: 'required' });
    if (!input.kind || !MESSAGE_KINDS.includes(input.kind)) problems.push({ field: 'kind', description: 'required' });
    if (!input.merchantId && input.kind !== 'test') problems.push({ field: 'merchant_id', description: 'required' });
    if (!input.recipient) problems.push({ field: 'recipient', description: 'required' });
    else if (!input.recipient.name.trim()) problems.push({ field: 'recipient.name', description: 'required' });
    if (problems.length > 0) throw new ValidationError(problems);
    assertYen(input.amount, 'amount', { min: 0, max: 1_000_000_000 });
    const kind = input.kind!;
    validateVariables(kind, input.variables);

    const decision = decideChannels({ kind, wanted: input.channels, fallbacks: input.fallbackChannels, recipient: input.recipient! });
    if (decision.channels.length === 0) {
      throw new PreconditionError(
        'no_reachable_channel',
        `no channel reaches the recipient: ${decision.skipped.map((s) => `${s.channel} (${s.reason})`).join(', ')}`,
        Object.fromEntries(decision.skipped.map((s) => [s.channel, s.reason])),
      );
    }

    const { requestId, ...request } = input;
    const result = await deps.dataSource.transaction(async (tx) => {
      const q = tx.queryRunner!;
      let queued: MessageView[] | undefined;
      const command = {
        scope: requestScope('notification.send', input.livemode),
        key: requestId,
        operation: 'message.send',
        // The request's fingerprint as the service always computed it (not the request
        // itself): requests recorded before the platform mechanism were migrated with
        // only this hash (migration 1764900000300), and must still replay.
        request: requestHash(request),
        param: 'request_id',
      };
      const { value: ids, replayed } = await deps.idempotency.run(q, command, async () => {
        queued = await queueMessages(deps, q, input, kind, decision.channels);
        return queued.map((m) => m.id);
      });
      return { messages: queued ?? (await messagesStore.byIds(q, ids)), replayed };
    });
    if (!result.replayed) {
      deps.eventsCommitted();
      for (const m of result.messages) deps.metrics.message(m.channel, 'queued');
      deps.logger.info({ request_id: requestId, kind, channels: decision.channels, fallback: decision.usedFallback, messages: result.messages.map((m) => m.id) }, 'notification queued');
    }
    return result;
  }, { livemode: input.livemode, kind: input.kind ?? '' });
}

/** One message per channel (and a phone task for the phone channel), with their events. */
async function queueMessages(deps: NotificationDeps, q: QueryRunner, input: SendInput, kind: MessageKind, channels: Channel[]): Promise<MessageView[]> {
  const now = deps.clock.now();
  const recipient = input.recipient!;
  const payload: MessagePayload = {
    recipient: { name: recipient.name.trim(), email: recipient.email.trim(), phone: normalisePhone(recipient.phone) ?? '', postalAddress: recipient.postalAddress },
    variables: input.variables,
  };
  const messages: MessageView[] = [];
  for (const channel of channels) {
    const id = newId('msg', now.getTime());
    let phoneTaskId: string | null = null;
    if (channel === 'phone') {
      phoneTaskId = newId('ptk', now.getTime());
      await phoneTasksStore.insertOutbound(q, { id: phoneTaskId, livemode: input.livemode, merchantId: input.merchantId, messageId: id, kind, reference: input.reference, amount: input.amount, payload, now });
    }
    messages.push(await messagesStore.insert(q, {
      id, livemode: input.livemode, requestId: input.requestId, merchantId: input.merchantId, kind, channel, status: channel === 'phone' ? 'sending' : 'queued',
      reference: input.reference, amount: input.amount, payload, phoneTaskId, now,
    }));
  }
  await deps.outbox.add(
    q,
    messages.map((m) =>
      messageEvent(
        'notification.message.queued',
        m,
        'kessai.notification.events.v1.MessageQueued',
        notificationEventsV1.MessageQueued.encode({ messageId: m.id, requestId: input.requestId, kind, channel: m.channel, reference: m.reference }).finish(),
        now,
      ),
    ),
  );
  return messages;
}

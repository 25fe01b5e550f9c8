import { notificationEventsV1 } from '@kessai/contracts';
import { assertYen, ConflictError, newId, PreconditionError, requestHash, ValidationError } from '@kessai/platform';
import { Channel, decideChannels, MESSAGE_KINDS, MessageKind, normalisePhone, RecipientContact } from '../domain/channels';
import { validateVariables } from '../domain/templates';
import type { NotificationDeps } from './deps';
import { MessagePayload, messageEvent, messageFromRow, MessageView } from './messages';

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
 * answer; same id + another request -> ALREADY_EXISTS.
 */
export async function send(deps: NotificationDeps, input: SendInput): Promise<{ messages: MessageView[]; replayed: boolean }> {
  const problems: { field: string; description: string }[] = [];
  if (!input.requestId) problems.push({ field: 'request_id', description: 'required' });
  if (!input.kind || !MESSAGE_KINDS.includes(input.kind)) problems.push({ field: 'kind', description: 'required' });
  if (!input.merchantId && input.kind !== 'test') problems.push({ field: 'merchant_id', description: 'required' });
  if (!input.recipient) problems.push({ field: 'recipient', description: 'required' });
  else if (!input.recipient.name.trim()) problems.push({ field: 'recipient.name', description: 'required' });
  if (problems.length > 0) throw new ValidationError(problems);
  assertYen(input.amount, 'amount', { min: 0, max: 1_000_000_000 });
  const kind = input.kind!;
  const recipient = input.recipient!;
  validateVariables(kind, input.variables);

  const decision = decideChannels({ kind, wanted: input.channels, fallbacks: input.fallbackChannels, recipient });
  if (decision.channels.length === 0) {
    throw new PreconditionError(
      'no_reachable_channel',
      `no channel reaches the recipient: ${decision.skipped.map((s) => `${s.channel} (${s.reason})`).join(', ')}`,
      Object.fromEntries(decision.skipped.map((s) => [s.channel, s.reason])),
    );
  }

  const { requestId, ...request } = input;
  const hash = requestHash(request);
  const result = await deps.dataSource.transaction(async (tx) => {
    const q = tx.queryRunner!;
    const now = deps.clock.now();
    const ids = decision.channels.map(() => newId('msg', now.getTime()));
    const claimed = await q.query(
      `INSERT INTO notification.send_requests (livemode, request_id, request_hash, merchant_id, message_ids, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [input.livemode, requestId, hash, input.merchantId, ids, now.toISOString()],
    );
    if (claimed.length === 0) {
      const [prior] = await q.query(`SELECT request_hash, message_ids FROM notification.send_requests WHERE livemode = $1 AND request_id = $2`, [input.livemode, requestId]);
      if (prior.request_hash !== hash) throw new ConflictError('request_id_reused', `request id "${requestId}" was already used with a different request`);
      const rows = await q.query(`SELECT * FROM notification.messages WHERE id = ANY($1::text[]) ORDER BY id`, [prior.message_ids]);
      return { messages: (rows as Record<string, unknown>[]).map(messageFromRow), replayed: true };
    }
    const payload: MessagePayload = {
      recipient: { name: recipient.name.trim(), email: recipient.email.trim(), phone: normalisePhone(recipient.phone) ?? '', postalAddress: recipient.postalAddress },
      variables: input.variables,
    };
    const messages: MessageView[] = [];
    for (const [i, channel] of decision.channels.entries()) {
      const id = ids[i];
      let phoneTaskId: string | null = null;
      if (channel === 'phone') {
        phoneTaskId = newId('ptk', now.getTime());
        await q.query(
          `INSERT INTO notification.phone_tasks (id, livemode, merchant_id, message_id, direction, status, kind, reference, amount, payload, due_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'outbound', 'open', $5, $6, $7, $8, $9, $9, $9)`,
          [phoneTaskId, input.livemode, input.merchantId, id, kind, input.reference, input.amount, JSON.stringify(payload), now.toISOString()],
        );
      }
      const [row] = await q.query(
        `INSERT INTO notification.messages (id, livemode, request_id, merchant_id, kind, channel, status, reference, amount, payload, next_attempt_at, phone_task_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11, $11) RETURNING *`,
        [id, input.livemode, requestId, input.merchantId, kind, channel, channel === 'phone' ? 'sending' : 'queued', input.reference, input.amount, JSON.stringify(payload), now.toISOString(), phoneTaskId],
      );
      messages.push(messageFromRow(row));
    }
    await deps.outbox.add(
      q,
      messages.map((m) =>
        messageEvent(
          'notification.message.queued',
          m,
          'kessai.notification.events.v1.MessageQueued',
          notificationEventsV1.MessageQueued.encode({ messageId: m.id, requestId, kind, channel: m.channel, reference: m.reference }).finish(),
          now,
        ),
      ),
    );
    return { messages, replayed: false };
  });
  if (!result.replayed) {
    deps.eventsCommitted();
    deps.logger.info({ request_id: requestId, kind, channels: decision.channels, fallback: decision.usedFallback, messages: result.messages.map((m) => m.id) }, 'notification queued');
  }
  return result;
}

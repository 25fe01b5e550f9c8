import { returnedRows, yenFromDb } from '@kessai/platform';
import type { Channel, MessageKind } from '../domain/channels';
import type { DeliveryOutcome, MessageStatus } from '../domain/delivery';
import type { MessagePayload, MessageView } from '../domain/message';
import type { Queryable } from './queryable';

export interface NewMessage {
  id: string;
  livemode: boolean;
  requestId: string;
  merchantId: string;
  kind: MessageKind;
  channel: Channel;
  status: MessageStatus;
  reference: string;
  amount: number;
  payload: MessagePayload;
  phoneTaskId: string | null;
  now: Date;
}

/** Messages: one row per channel of a send request, with its delivery status. */
export const messagesStore = {
  async insert(q: Queryable, m: NewMessage): Promise<MessageView> {
    const [row] = await q.query(
      `INSERT INTO notification.messages (id, livemode, request_id, merchant_id, kind, channel, status, reference, amount, payload, next_attempt_at, phone_task_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11, $11) RETURNING *`,
      [m.id, m.livemode, m.requestId, m.merchantId, m.kind, m.channel, m.status, m.reference, m.amount, JSON.stringify(m.payload), m.now.toISOString(), m.phoneTaskId],
    );
    return messageFromRow(row);
  },

  async find(q: Queryable, livemode: boolean, id: string): Promise<MessageView | undefined> {
    const rows = await q.query(`SELECT * FROM notification.messages WHERE id = $1 AND livemode = $2`, [id, livemode]);
    return rows.length ? messageFromRow(rows[0]) : undefined;
  },

  /** Messages by id, in id order. */
  async byIds(q: Queryable, ids: string[]): Promise<MessageView[]> {
    const rows = await q.query(`SELECT * FROM notification.messages WHERE id = ANY($1::text[]) ORDER BY id`, [ids]);
    return (rows as Record<string, unknown>[]).map(messageFromRow);
  },

  /**
   * Claims up to `limit` due email messages (queued and due, or a lapsed lease
   * of a crashed sender) with a lease until `leaseUntil`, counting the attempt.
   * `SKIP LOCKED`: concurrent senders claim different messages.
   */
  async claimDueEmails(q: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<MessageView[]> {
    const rows = returnedRows(await q.query(
      `UPDATE notification.messages m SET status = 'sending', attempts = m.attempts + 1, lease_until = $2, updated_at = $1
        WHERE m.id IN (
          SELECT id FROM notification.messages
           WHERE channel = 'email' AND ((status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until <= $1))
           ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING m.*`,
      [now.toISOString(), leaseUntil.toISOString(), limit],
    ));
    return rows.map(messageFromRow);
  },

  /** Records a delivery outcome, unless another sender took the message over (then false). */
  async recordEmailOutcome(q: Queryable, m: MessageView, outcome: DeliveryOutcome, now: Date): Promise<boolean> {
    const updated = returnedRows(await q.query(
      `UPDATE notification.messages SET status = $2, last_error = $3, next_attempt_at = $4, lease_until = NULL, updated_at = $5
        WHERE id = $1 AND status = 'sending' AND attempts = $6 RETURNING id`,
      [
        m.id,
        outcome.status,
        outcome.status === 'sent' ? null : outcome.reason,
        outcome.status === 'queued' ? outcome.nextAttemptAt.toISOString() : m.nextAttemptAt.toISOString(),
        now.toISOString(),
        m.attempts,
      ],
    ));
    return updated.length > 0;
  },

  /** Locks up to `limit` queued postcards of a mode, oldest first; returns their ids. */
  async lockQueuedPostcards(q: Queryable, livemode: boolean, limit: number): Promise<string[]> {
    const rows = await q.query(
      `SELECT id FROM notification.messages WHERE channel = 'postcard' AND status = 'queued' AND livemode = $1
        ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [livemode, limit],
    );
    return rows.map((r: { id: string }) => r.id);
  },

  async assignToBatch(q: Queryable, batchId: string, ids: string[], now: Date): Promise<void> {
    await q.query(
      `UPDATE notification.messages SET status = 'sending', postcard_batch_id = $1, attempts = attempts + 1, updated_at = $2 WHERE id = ANY($3::text[])`,
      [batchId, now.toISOString(), ids],
    );
  },

  async ofBatch(q: Queryable, batchId: string): Promise<MessageView[]> {
    const rows = await q.query(`SELECT * FROM notification.messages WHERE postcard_batch_id = $1 ORDER BY created_at, id`, [batchId]);
    return rows.map(messageFromRow);
  },

  async markBatchSent(q: Queryable, batchId: string, now: Date): Promise<void> {
    await q.query(`UPDATE notification.messages SET status = 'sent', updated_at = $2 WHERE postcard_batch_id = $1`, [batchId, now.toISOString()]);
  },

  /** The phone message of a completed task: sent when the recipient was reached, failed otherwise. */
  async finishPhoneMessage(
    q: Queryable,
    messageId: string,
    change: { reached: boolean; attempts: number; outcome: string },
    now: Date,
  ): Promise<{ id: string; requestId: string; kind: string; reference: string } | undefined> {
    const [row] = returnedRows<Record<string, string>>(await q.query(
      `UPDATE notification.messages SET status = $2, attempts = $3, last_error = $4, updated_at = $5 WHERE id = $1 RETURNING id, request_id, kind, reference`,
      [messageId, change.reached ? 'sent' : 'failed', change.attempts, change.reached ? null : change.outcome, now.toISOString()],
    ));
    return row ? { id: row.id, requestId: row.request_id, kind: row.kind, reference: row.reference } : undefined;
  },
};

function messageFromRow(r: Record<string, unknown>): MessageView {
  return {
    id: r.id as string,
    requestId: r.request_id as string,
    livemode: r.livemode as boolean,
    merchantId: r.merchant_id as string,
    kind: r.kind as MessageKind,
    channel: r.channel as Channel,
    status: r.status as MessageStatus,
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? '',
    nextAttemptAt: new Date(r.next_attempt_at as string),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
    reference: r.reference as string,
    amount: yenFromDb(r.amount as string),
    postcardBatchId: (r.postcard_batch_id as string | null) ?? '',
    phoneTaskId: (r.phone_task_id as string | null) ?? '',
    payload: r.payload as MessagePayload,
  };
}

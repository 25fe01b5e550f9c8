import { DomainEvent, NotFoundError, yenFromDb } from '@kessai/platform';
import type { Channel, MessageKind, PostalAddress } from '../domain/channels';
import type { MessageStatus } from '../domain/delivery';
import type { NotificationDeps } from './deps';

/** What a message row keeps to be sent later (personal data: never logged). */
export interface MessagePayload {
  recipient: { name: string; email: string; phone: string; postalAddress?: PostalAddress };
  variables: Record<string, string>;
}

export interface MessageView {
  id: string;
  requestId: string;
  livemode: boolean;
  merchantId: string;
  kind: MessageKind;
  channel: Channel;
  status: MessageStatus;
  attempts: number;
  lastError: string;
  nextAttemptAt: Date;
  createdAt: Date;
  updatedAt: Date;
  reference: string;
  amount: number;
  postcardBatchId: string;
  phoneTaskId: string;
  payload: MessagePayload;
}

export function messageFromRow(r: Record<string, unknown>): MessageView {
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

export function messageEvent(type: string, m: Pick<MessageView, 'id' | 'merchantId' | 'livemode'>, payloadType: string, payload: Uint8Array, now: Date): DomainEvent {
  return { type, aggregateId: m.id, merchantId: m.merchantId, livemode: m.livemode, occurredAt: now, payloadType, payload };
}

export async function getMessage(deps: NotificationDeps, livemode: boolean, id: string): Promise<MessageView> {
  const rows = await deps.dataSource.query(`SELECT * FROM notification.messages WHERE id = $1 AND livemode = $2`, [id, livemode]);
  if (rows.length === 0) throw new NotFoundError('message', id);
  return messageFromRow(rows[0]);
}

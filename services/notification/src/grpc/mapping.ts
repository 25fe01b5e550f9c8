import { notificationV1 } from '@kessai/contracts';
import type { SendInput } from '../app/send';
import type { Channel, MessageKind, RecipientContact } from '../domain/channels';
import type { MessageView } from '../domain/message';
import type { CallOutcome, PhoneTaskStatus, PhoneTaskView } from '../domain/phone';
import type { BatchView } from '../domain/postcard-batch';

/** ENUM_PREFIX_SOME_NAME -> some_name, and back. UNSPECIFIED or unknown -> undefined. */
function fromWire<E extends Record<string, string | number>>(e: E, prefix: string, v: number | undefined): string | undefined {
  if (!v) return undefined;
  const name = (e as Record<number, string>)[v];
  return typeof name === 'string' ? name.slice(prefix.length).toLowerCase() : undefined;
}

function toWire<E extends Record<string, string | number>>(e: E, prefix: string, v: string | undefined): number {
  return v ? ((e as Record<string, number>)[`${prefix}${v.toUpperCase()}`] ?? 0) : 0;
}

export const kindFromWire = (v: notificationV1.MessageKind) => fromWire(notificationV1.MessageKind, 'MESSAGE_KIND_', v) as MessageKind | undefined;
export const kindToWire = (v: MessageKind) => toWire(notificationV1.MessageKind, 'MESSAGE_KIND_', v) as notificationV1.MessageKind;
export const channelFromWire = (v: notificationV1.Channel) => fromWire(notificationV1.Channel, 'CHANNEL_', v) as Channel | undefined;
export const channelToWire = (v: Channel) => toWire(notificationV1.Channel, 'CHANNEL_', v) as notificationV1.Channel;
export const outcomeFromWire = (v: notificationV1.CallOutcome) => fromWire(notificationV1.CallOutcome, 'CALL_OUTCOME_', v) as CallOutcome | undefined;
const outcomeToWire = (v: CallOutcome | undefined) => toWire(notificationV1.CallOutcome, 'CALL_OUTCOME_', v) as notificationV1.CallOutcome;
export const taskStatusFromWire = (v: notificationV1.PhoneTaskStatus) => fromWire(notificationV1.PhoneTaskStatus, 'PHONE_TASK_STATUS_', v) as PhoneTaskStatus | undefined;

function channels(list: notificationV1.Channel[]): Channel[] {
  return list.map(channelFromWire).filter((c): c is Channel => c !== undefined);
}

export function sendInputFromWire(req: notificationV1.SendRequest): SendInput {
  const r = req.recipient;
  const recipient: RecipientContact | undefined = r
    ? {
        name: r.name,
        email: r.email,
        phone: r.phone,
        postalAddress: r.postalAddress ? { ...r.postalAddress } : undefined,
        optedOut: channels(r.optedOut),
      }
    : undefined;
  return {
    requestId: req.requestId,
    livemode: req.livemode,
    merchantId: req.merchantId,
    kind: kindFromWire(req.kind),
    recipient,
    channels: channels(req.channels),
    fallbackChannels: channels(req.fallbackChannels),
    amount: req.amount,
    reference: req.reference,
    variables: req.variables ?? {},
  };
}

export function messageToWire(m: MessageView): notificationV1.Message {
  return {
    id: m.id,
    requestId: m.requestId,
    livemode: m.livemode,
    merchantId: m.merchantId,
    kind: kindToWire(m.kind),
    channel: channelToWire(m.channel),
    status: toWire(notificationV1.MessageStatus, 'MESSAGE_STATUS_', m.status) as notificationV1.MessageStatus,
    attempts: m.attempts,
    lastError: m.lastError,
    nextAttemptAt: m.status === 'queued' ? m.nextAttemptAt : undefined,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    reference: m.reference,
    postcardBatchId: m.postcardBatchId,
    phoneTaskId: m.phoneTaskId,
  };
}

export function batchToWire(b: BatchView): notificationV1.PostcardBatch {
  return { id: b.id, livemode: b.livemode, postcardCount: b.postcardCount, pdfName: b.pdfName, manifestName: b.manifestName, createdAt: b.createdAt };
}

export function taskToWire(t: PhoneTaskView): notificationV1.PhoneTask {
  return {
    id: t.id,
    livemode: t.livemode,
    merchantId: t.merchantId,
    messageId: t.messageId,
    direction: toWire(notificationV1.PhoneTaskDirection, 'PHONE_TASK_DIRECTION_', t.direction) as notificationV1.PhoneTaskDirection,
    status: toWire(notificationV1.PhoneTaskStatus, 'PHONE_TASK_STATUS_', t.status) as notificationV1.PhoneTaskStatus,
    kind: kindToWire(t.kind),
    recipientName: t.recipientName,
    phone: t.phone,
    reference: t.reference,
    amount: t.amount,
    variables: t.variables,
    claimedBy: t.claimedBy,
    claimExpiresAt: t.claimExpiresAt,
    dueAt: t.dueAt,
    attempts: t.attempts,
    outcome: outcomeToWire(t.outcome),
    history: t.history.map((h) => ({ number: h.number, operatorId: h.operatorId, outcome: outcomeToWire(h.outcome), note: h.note, at: h.at })),
    createdAt: t.createdAt,
    completedAt: t.completedAt,
  };
}

import { notificationV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import type { Order, Recipient } from '../domain/entities';
import { dueChannels, nextLadderStep } from '../domain/outreach';
import type { Channel } from '../domain/types';
import { ordersStore } from '../db/orders-store';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';
import { recipientEvent } from './events';

const CHANNEL: Record<Channel, notificationV1.Channel> = {
  email: notificationV1.Channel.CHANNEL_EMAIL,
  postcard: notificationV1.Channel.CHANNEL_POSTCARD,
  phone: notificationV1.Channel.CHANNEL_PHONE,
};

const CONTACTABLE = ['awaiting_registration', 'failed', 'waiting_for_funds', 'held_for_review'];

function sendRequest(deps: RemittanceDeps, order: Order, r: Recipient, channel: Channel): notificationV1.SendRequest {
  return {
    // one message per recipient, round and channel, however often the job runs
    requestId: `${r.id}:${r.contactRound}:${channel}`,
    livemode: r.livemode,
    merchantId: r.merchantId,
    kind: r.contactRound > 1 || r.transferAttempts > 0 ? notificationV1.MessageKind.MESSAGE_KIND_REMITTANCE_RECONTACT : notificationV1.MessageKind.MESSAGE_KIND_REMITTANCE_INVITATION,
    recipient: { name: r.name, email: r.email, phone: r.phone, postalAddress: r.postalAddress ?? undefined, optedOut: [] },
    channels: [CHANNEL[channel]],
    fallbackChannels: [],
    amount: r.amount,
    reference: r.id,
    variables: {
      merchant_name: order.merchantName,
      order_name: order.settings.purpose,
      message: order.guideText || order.settings.defaultMessage,
      registration_code: r.code ?? '',
      link: `${deps.settings.registrationBaseUrl}${r.linkToken}`,
    },
  };
}

/**
 * The outreach ladder's scheduled job (docs/reference/remittance.md#outreach):
 * for every recipient whose next step is due, send what the ladder says now
 * (notification's Send, idempotent by request id, inside the recipient's
 * transaction) and plan the next step.
 */
export function runOutreach(deps: RemittanceDeps, limit = 500): Promise<{ contacted: number }> {
  return useCase('remittance.run_outreach', async () => {
    let contacted = 0;
    const orders = new Map<string, Order>();
    for (const id of await recipientsStore.contactDue(deps.dataSource, deps.clock.now(), limit)) {
      await deps.dataSource.transaction(async (tx) => {
        const r = await recipientsStore.get(tx, id, true);
        const now = deps.clock.now();
        if (!r || !r.nextContactAt || r.nextContactAt > now) return;
        const order = orders.get(r.orderId) ?? (await ordersStore.get(tx, r.orderId))!;
        orders.set(order.id, order);
        if (!CONTACTABLE.includes(r.status) || order.status !== 'funded' || !r.roundStartedAt || !r.linkToken) {
          r.nextContactAt = null;
          await recipientsStore.save(tx, r);
          return;
        }
        const state = {
          channels: order.settings.channels,
          hasEmail: Boolean(r.email),
          hasAddress: Boolean(r.postalAddress),
          hasPhone: Boolean(r.phone),
          postcardAfterDays: order.settings.postcardAfterDays,
          phoneAfterDays: order.settings.phoneAfterDays,
          roundStartedAt: r.roundStartedAt,
          sent: r.roundChannels,
        };
        const due = dueChannels(state, now);
        for (const channel of due) {
          await deps.notification.send(sendRequest(deps, order, r, channel));
          deps.metrics.contacts(channel);
        }
        r.roundChannels = [...r.roundChannels, ...due];
        r.contactedChannels = [...new Set([...r.contactedChannels, ...due])];
        if (due.length) r.lastContactedAt = now;
        r.nextContactAt = nextLadderStep({ ...state, sent: r.roundChannels });
        r.updatedAt = now;
        await recipientsStore.save(tx, r);
        if (due.length) {
          await deps.outbox.add(tx, [recipientEvent('notified', r, now, due, order.ownerId)]);
          contacted++;
        }
      });
    }
    if (contacted) deps.eventsCommitted();
    return { contacted };
  });
}

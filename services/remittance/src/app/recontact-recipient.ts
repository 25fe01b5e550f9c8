import { NotFoundError, PreconditionError, useCase } from '@kessai/platform';
import type { Recipient, Scope } from '../domain/entities';
import { ordersStore } from '../db/orders-store';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';
import { startContactRound } from './recipient-support';

/**
 * The merchant asks to contact one recipient again: a new round of the
 * ladder with a new link and code (so a locked or expired link works again).
 */
export function recontactRecipient(deps: RemittanceDeps, cmd: { scope: Scope; requestId: string; recipientId: string }): Promise<Recipient> {
  return useCase('remittance.recontact_recipient', async () =>
    deps.dataSource.transaction(async (tx) => {
      const r = cmd.recipientId ? await recipientsStore.getScoped(tx, cmd.scope, cmd.recipientId, true) : undefined;
      if (!r) throw new NotFoundError('recipient', cmd.recipientId);
      const order = (await ordersStore.get(tx, r.orderId))!;
      if (order.settings.mode !== 'full_service') throw new PreconditionError('not_full_service', 'only full-service orders contact recipients');
      if (order.status !== 'funded') throw new PreconditionError('order_not_funded', `the order is ${order.status}`);
      if (!['awaiting_registration', 'failed', 'waiting_for_funds', 'held_for_review'].includes(r.status)) {
        throw new PreconditionError('recipient_not_contactable', `the recipient is ${r.status}`);
      }
      // one new round per request id: a retry of the same request does not start another
      const { value } = await deps.idempotency.run(
        tx,
        { scope: `remittance.recontact:${r.livemode ? 'live' : 'test'}:${r.merchantId}`, key: cmd.requestId || `${r.id}:${r.contactRound}`, operation: 'recipient.recontact', request: { recipientId: r.id }, param: 'request_id' },
        async () => {
          startContactRound(r, deps.clock.now());
          if (r.status === 'failed') r.status = 'awaiting_registration';
          await recipientsStore.save(tx, r);
          return r.id;
        },
      );
      return (await recipientsStore.get(tx, value))!;
    }),
  { livemode: cmd.scope.livemode });
}

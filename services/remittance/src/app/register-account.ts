import { PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { accountKey, normaliseAccount } from '../domain/account';
import { RECIPIENT_TRANSFER_CAP } from '../domain/limits';
import type { BankAccount, BankAccountInput, RecipientStatus } from '../domain/types';
import type { Queryable } from '../db/queryable';
import { recipientsStore } from '../db/recipients-store';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';
import { recipientEvent, transferEvent } from './events';
import { fundRecipient } from './fund-orders';
import { REGISTRABLE, registrationState } from './open-registration';
import { scheduleRecipient } from './recipient-support';
import { sessionRecipient } from './registration-session';

/**
 * The recipient registers (or corrects) its account. Checked with the Zengin
 * rules (clear Japanese messages per field). The split rule runs again: if
 * recipients of the order registering one account add up to more than the
 * cap, this one is held for the merchant's review. Otherwise an earmarked
 * share is scheduled at once; a share released by a failed transfer is
 * earmarked again first.
 */
export function registerAccount(
  deps: RemittanceDeps,
  input: { sessionId: string; account: BankAccountInput; validateOnly?: boolean },
): Promise<{ account: BankAccount; status: RecipientStatus; transferDate: string }> {
  return useCase('remittance.register_account', async () => {
    const { account, violations } = normaliseAccount(input.account);
    if (!account) throw new ValidationError(violations, 'invalid_account');
    if (input.validateOnly) {
      // the confirmation step: the session must still be good, nothing changes
      const { r } = await sessionRecipient(deps.dataSource, input.sessionId, deps.clock.now(), false);
      return { account, status: r.status, transferDate: r.transferDate ?? '' };
    }
    const out = await deps.dataSource.transaction(async (tx) => {
      const now = deps.clock.now();
      const { r, order } = await sessionRecipient(tx, input.sessionId, now, true);
      if (registrationState(r, order, now) !== 'code_required' || !REGISTRABLE.includes(r.status)) {
        throw new PreconditionError('registration_closed', 'this recipient can no longer register an account');
      }
      r.account = account;
      r.accountKey = accountKey(account);
      r.registeredAt = now;
      r.nextContactAt = null;
      r.failureCode = '';
      r.updatedAt = now;
      const others = await recipientsStore.sameAccount(tx, order.id, r.accountKey, r.id);
      const total = others.reduce((s, o) => s + o.amount, r.amount);
      if (others.length > 0 && total > RECIPIENT_TRANSFER_CAP) {
        r.status = 'held_for_review';
        await recipientsStore.save(tx, r);
        await deps.outbox.add(tx, [recipientEvent('held_for_review', r, now, [], order.ownerId)]);
        // the others on that account are held too, unless their money is already with the bank
        for (const other of others) await holdForReview(deps, tx, other.id, order.ownerId, now);
        deps.metrics.registrations('held_for_review');
        return r;
      }
      await deps.outbox.add(tx, [recipientEvent('registered', r, now, [], order.ownerId)]);
      deps.metrics.registrations('registered');
      if (r.held) {
        r.status = 'awaiting_registration';
        await scheduleRecipient(deps, tx, r, now);
      } else {
        r.status = 'waiting_for_funds';
        await recipientsStore.save(tx, r);
      }
      return r;
    });
    deps.eventsCommitted();
    if (out.status === 'waiting_for_funds') await fundRecipient(deps, out.id);
    const r = (await recipientsStore.get(deps.dataSource, out.id))!;
    return { account, status: r.status, transferDate: r.transferDate ?? '' };
  });
}

/** Holds another recipient of a possible split for the merchant's review; a transfer not yet in a file is withdrawn (the share stays earmarked). */
async function holdForReview(deps: RemittanceDeps, tx: Queryable, recipientId: string, ownerId: string, now: Date): Promise<void> {
  const r = await recipientsStore.get(tx, recipientId, true);
  if (!r || !['awaiting_registration', 'waiting_for_funds', 'scheduled'].includes(r.status) || !r.account) return;
  if (r.transferId) {
    const t = await transfersStore.get(tx, r.transferId, true);
    if (!t || t.status !== 'scheduled') return; // in a file: the bank decides
    t.status = 'failed';
    t.failureCode = 'held_for_review';
    t.settledAt = now;
    await transfersStore.save(tx, t);
    await deps.outbox.add(tx, [transferEvent('failed', t, now)]);
    r.transferId = null;
    r.transferDate = null;
  }
  r.status = 'held_for_review';
  r.updatedAt = now;
  await recipientsStore.save(tx, r);
  await deps.outbox.add(tx, [recipientEvent('held_for_review', r, now, [], ownerId)]);
}

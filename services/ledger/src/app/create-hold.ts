import { assertYen, newId, useCase, ValidationError } from '@kessai/platform';
import { ledgerEventsV1 } from '@kessai/contracts';
import { AccountRef, holdableAccount, parseAccountId } from '../domain/accounts';
import type { Hold } from '../domain/hold';
import { MAX_POSTING_AMOUNT } from '../domain/transaction';
import { holdsStore } from '../db/holds-store';
import type { LedgerDeps } from './deps';
import { eventAccount, holdCommand, holdEvent, reviveHold } from './hold-support';

export interface CreateHoldInput {
  idempotencyKey: string;
  livemode: boolean;
  account?: AccountRef;
  amount: number;
  reference: string;
  description: string;
  merchantId: string;
}

/** Earmarks part of the available balance; fails with insufficient_funds (and writes nothing) when it is short. */
export function createHold(deps: LedgerDeps, input: CreateHoldInput): Promise<{ value: Hold; replayed: boolean }> {
  return useCase('ledger.create_hold', async () => {
    if (!input.idempotencyKey) throw ValidationError.field('idempotency_key', 'required');
    const account = holdableAccount(input.livemode, input.account, 'account');
    assertYen(input.amount, 'amount', { min: 1, max: MAX_POSTING_AMOUNT });
    const { idempotencyKey, ...request } = input;
    const result = await deps.dataSource.transaction((tx) =>
      deps.idempotency.run(tx, holdCommand(input.livemode, idempotencyKey, 'hold.create', request), async () => {
        const q = tx.queryRunner!;
        const now = deps.clock.now();
        const { outcomes } = await deps.store.applyGroups(q, [{ commands: [], heldChanges: [{ accountId: account, totalDelta: 0, heldDelta: input.amount }] }], now);
        if (!outcomes[0].ok) throw outcomes[0].error;
        const hold: Hold = {
          id: newId('hold', now.getTime()),
          livemode: input.livemode,
          accountId: account,
          merchantId: input.merchantId || parseAccountId(account).ownerId,
          amount: input.amount,
          captured: 0,
          released: 0,
          reference: input.reference ?? '',
          description: input.description ?? '',
          createdAt: now,
          updatedAt: now,
        };
        await holdsStore.insert(q, hold);
        await holdsStore.addMovement(q, hold, 'created', hold.amount, null, now);
        await deps.outbox.add(q, [
          holdEvent('ledger.hold.created', hold, 'kessai.ledger.events.v1.HoldCreated', ledgerEventsV1.HoldCreated.encode({ holdId: hold.id, account: eventAccount(hold.accountId), amount: hold.amount, reference: hold.reference }).finish(), now),
        ]);
        return hold;
      }, reviveHold),
    );
    if (!result.replayed) {
      deps.eventsCommitted();
      deps.metrics.hold('created');
    }
    return result;
  }, { livemode: input.livemode });
}

import { assertYen, useCase, ValidationError } from '@kessai/platform';
import { ledgerEventsV1 } from '@kessai/contracts';
import { Hold, remaining } from '../domain/hold';
import { MAX_POSTING_AMOUNT } from '../domain/transaction';
import { holdsStore } from '../db/holds-store';
import type { LedgerDeps } from './deps';
import { holdCommand, holdEvent, lockOpenHold, reviveHold } from './hold-support';

export interface ReleaseHoldInput {
  idempotencyKey: string;
  livemode: boolean;
  holdId: string;
  amount: number;
  description: string;
}

/** Gives part (or all) of a hold back to the available balance. */
export function releaseHold(deps: LedgerDeps, input: ReleaseHoldInput): Promise<{ value: Hold; replayed: boolean }> {
  return useCase('ledger.release_hold', async () => {
    if (!input.idempotencyKey) throw ValidationError.field('idempotency_key', 'required');
    assertYen(input.amount, 'amount', { min: 0, max: MAX_POSTING_AMOUNT });
    const { idempotencyKey, ...request } = input;
    const result = await deps.dataSource.transaction((tx) =>
      deps.idempotency.run(tx, holdCommand(input.livemode, idempotencyKey, 'hold.release', request), async () => {
        const q = tx.queryRunner!;
        const now = deps.clock.now();
        const { hold, amount } = await lockOpenHold(q, input.livemode, input.holdId, input.amount, 'release');
        const { outcomes } = await deps.store.applyGroups(q, [{ commands: [], heldChanges: [{ accountId: hold.accountId, totalDelta: 0, heldDelta: -amount }] }], now);
        if (!outcomes[0].ok) throw outcomes[0].error;
        hold.released += amount;
        hold.updatedAt = now;
        await holdsStore.saveAmounts(q, hold);
        await holdsStore.addMovement(q, hold, 'released', amount, null, now);
        await deps.outbox.add(q, [
          holdEvent('ledger.hold.released', hold, 'kessai.ledger.events.v1.HoldReleased', ledgerEventsV1.HoldReleased.encode({ holdId: hold.id, amount, remainingAmount: remaining(hold), reference: hold.reference }).finish(), now),
        ]);
        return hold;
      }, reviveHold),
    );
    if (!result.replayed) {
      deps.eventsCommitted();
      deps.metrics.hold('released');
    }
    return result;
  }, { livemode: input.livemode });
}

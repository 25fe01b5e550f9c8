import { assertYen, useCase, ValidationError } from '@kessai/platform';
import { ledgerEventsV1 } from '@kessai/contracts';
import { AccountRef, parseAccountId } from '../domain/accounts';
import { Hold, remaining } from '../domain/hold';
import { MAX_POSTING_AMOUNT, PostedTransaction, validatePost } from '../domain/transaction';
import { holdsStore } from '../db/holds-store';
import type { LedgerDeps } from './deps';
import { holdCommand, holdEvent, lockOpenHold, reviveHold, reviveTransaction } from './hold-support';

export interface CaptureHoldInput {
  idempotencyKey: string;
  livemode: boolean;
  holdId: string;
  amount: number;
  destination?: AccountRef;
  description: string;
  metadata: Record<string, string>;
}

/** Spends part (or all) of a hold: the money moves from the held account to `destination`. */
export function captureHold(deps: LedgerDeps, input: CaptureHoldInput): Promise<{ value: { hold: Hold; transaction: PostedTransaction }; replayed: boolean }> {
  return useCase('ledger.capture_hold', async () => {
    if (!input.idempotencyKey) throw ValidationError.field('idempotency_key', 'required');
    assertYen(input.amount, 'amount', { min: 0, max: MAX_POSTING_AMOUNT });
    if (!input.destination || !input.destination.ownerId) throw ValidationError.field('destination.owner_id', 'required');
    const { idempotencyKey, ...request } = input;
    const result = await deps.dataSource.transaction((tx) =>
      deps.idempotency.run(tx, holdCommand(input.livemode, idempotencyKey, 'hold.capture', request), async () => {
        const q = tx.queryRunner!;
        const now = deps.clock.now();
        const { hold, amount } = await lockOpenHold(q, input.livemode, input.holdId, input.amount, 'capture');
        const source = parseAccountId(hold.accountId);
        const command = validatePost({
          idempotencyKey: `hold-capture:${idempotencyKey}`,
          livemode: input.livemode,
          kind: 'hold.capture',
          description: input.description || `capture of ${hold.id}`,
          merchantId: hold.merchantId,
          metadata: { ...input.metadata, hold_id: hold.id },
          postings: [
            { ownerId: source.ownerId, type: source.type, amount: -amount },
            { ownerId: input.destination!.ownerId, type: input.destination!.type, amount },
          ],
        });
        if (command.postings[1].accountId === hold.accountId) throw ValidationError.field('destination', 'must differ from the held account');
        const { outcomes } = await deps.store.applyGroups(q, [{ commands: [command], heldChanges: [{ accountId: hold.accountId, totalDelta: 0, heldDelta: -amount }] }], now);
        const outcome = outcomes[0];
        if (!outcome.ok) throw outcome.error;
        const transaction = outcome.transactions[0];
        hold.captured += amount;
        hold.updatedAt = now;
        await holdsStore.saveAmounts(q, hold);
        await holdsStore.addMovement(q, hold, 'captured', amount, transaction.id, now);
        await deps.outbox.add(q, [
          holdEvent('ledger.hold.captured', hold, 'kessai.ledger.events.v1.HoldCaptured', ledgerEventsV1.HoldCaptured.encode({ holdId: hold.id, amount, remainingAmount: remaining(hold), transactionId: transaction.id, reference: hold.reference }).finish(), now),
        ]);
        return { hold, transaction };
      }, (json) => {
        const v = json as { hold: unknown; transaction: unknown };
        return { hold: reviveHold(v.hold), transaction: reviveTransaction(v.transaction) };
      }),
    );
    if (!result.replayed && deps.fault === 'after-capture-commit') {
      deps.logger.warn({ hold_id: input.holdId }, 'fault injection: SIGKILL after the capture committed, before it is answered');
      process.kill(process.pid, 'SIGKILL');
    }
    if (!result.replayed) {
      deps.eventsCommitted();
      deps.metrics.hold('captured');
      deps.metrics.posted([result.value.transaction]);
    }
    return result;
  }, { livemode: input.livemode });
}

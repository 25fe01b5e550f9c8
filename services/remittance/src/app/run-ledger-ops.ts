import { useCase } from '@kessai/platform';
import type { LedgerOp } from '../domain/entities';
import { ledgerOpsStore } from '../db/ledger-ops-store';
import type { RemittanceDeps } from './deps';
import { depositAccount, PLATFORM_BANK } from './ledger-calls';

async function call(deps: RemittanceDeps, op: LedgerOp): Promise<void> {
  if (op.kind === 'capture') {
    await deps.ledger.captureHold({ idempotencyKey: op.idempotencyKey, livemode: op.livemode, holdId: op.holdId!, amount: op.amount, destination: PLATFORM_BANK, description: op.description, metadata: {} });
  } else if (op.kind === 'release') {
    await deps.ledger.releaseHold({ idempotencyKey: op.idempotencyKey, livemode: op.livemode, holdId: op.holdId!, amount: op.amount, description: op.description });
  } else {
    await deps.ledger.post({
      idempotencyKey: op.idempotencyKey,
      livemode: op.livemode,
      kind: 'transfer.reversed',
      description: op.description,
      merchantId: op.merchantId,
      metadata: {},
      postings: [
        { account: PLATFORM_BANK, amount: -op.amount },
        { account: depositAccount(op.merchantId), amount: op.amount },
      ],
    });
  }
}

/**
 * Makes the queued ledger calls (captures, releases, reversal credits), each
 * with its own idempotency key, until the ledger has answered: a call that
 * reached the ledger before a crash is replayed by the ledger, not repeated.
 */
export function runLedgerOps(deps: RemittanceDeps, limit = 200): Promise<{ done: number; failed: number }> {
  return useCase('remittance.run_ledger_ops', async () => {
    let done = 0;
    let failed = 0;
    for (const op of await ledgerOpsStore.pending(deps.dataSource, limit)) {
      try {
        await call(deps, op);
        await ledgerOpsStore.markDone(deps.dataSource, op.idempotencyKey, deps.clock.now());
        done++;
      } catch (err) {
        failed++;
        await ledgerOpsStore.markFailed(deps.dataSource, op.idempotencyKey, err instanceof Error ? err.message : String(err));
        deps.logger.warn({ key: op.idempotencyKey, err: err instanceof Error ? err.message : String(err) }, 'ledger call failed; retried');
      }
    }
    return { done, failed };
  });
}

import { ledgerV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { ledgerOpsStore, type LedgerOp } from '../db/ledger-ops-store';
import type { LedgerAccountType } from '../domain/ledger-postings';
import { crashAt, type FeesDeps } from './deps';

const TYPES: Record<LedgerAccountType, ledgerV1.AccountType> = {
  collections: ledgerV1.AccountType.ACCOUNT_TYPE_COLLECTIONS,
  payouts_in_transit: ledgerV1.AccountType.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT,
  platform_fee_revenue: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_FEE_REVENUE,
  platform_tax_payable: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE,
  platform_stamp_duty: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_STAMP_DUTY,
  platform_bank: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK,
};

function post(deps: FeesDeps, op: LedgerOp) {
  return deps.ledger.post({
    idempotencyKey: op.idempotencyKey,
    livemode: op.livemode,
    kind: op.kind,
    description: op.description,
    merchantId: op.merchantId,
    metadata: op.metadata,
    postings: op.postings.map((p) => ({ account: { ownerId: p.ownerId, type: TYPES[p.type] }, amount: p.amount })),
  });
}

/**
 * The job fees.ledger-ops: posts the queued ledger transactions (statements,
 * paid and failed payouts), each with its own idempotency key, until the
 * ledger has answered. A call that reached the ledger before a crash is
 * replayed by the ledger, not doubled; the transaction id lands on the op
 * (and on the statement it posts).
 */
export function runLedgerOps(deps: FeesDeps, limit = 200): Promise<{ done: number; failed: number }> {
  return useCase('fees.run_ledger_ops', async () => {
    let done = 0;
    let failed = 0;
    for (const op of await ledgerOpsStore.pending(deps.dataSource, limit)) {
      try {
        const { transaction } = await post(deps, op);
        crashAt(deps, 'after-ledger-post');
        await deps.dataSource.transaction((tx) => ledgerOpsStore.markDone(tx, op.idempotencyKey, transaction?.id ?? '', deps.clock.now()));
        done++;
      } catch (err) {
        failed++;
        const message = err instanceof Error ? err.message : String(err);
        await ledgerOpsStore.markFailed(deps.dataSource, op.idempotencyKey, message);
        deps.logger.warn({ key: op.idempotencyKey, err: message }, 'ledger post failed; retried by the next run');
      }
    }
    return { done, failed };
  });
}

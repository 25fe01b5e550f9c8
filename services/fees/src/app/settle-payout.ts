import type { remittanceEventsV1 } from '@kessai/contracts';
import { type EntityManager, useCase } from '@kessai/platform';
import { ledgerOpsStore } from '../db/ledger-ops-store';
import { payoutsStore, type PayoutRow } from '../db/payouts-store';
import { payoutFailedPostings, payoutPaidPostings } from '../domain/ledger-postings';
import { sameAccount, type PayoutAccount } from '../domain/payout';
import type { FeesDeps } from './deps';
import { payoutEvent } from './events';
import { accountFromWire } from './submit-payouts';

/**
 * remittance.transfer.succeeded / .failed of a payout, in the inbox
 * transaction (docs/reference/fees-and-settlement.md#payouts):
 * - paid: `payouts_in_transit` −amount → `platform_bank` +amount (Kessai's
 *   bank money went out);
 * - failed: `payouts_in_transit` −amount → the merchant's `collections`
 *   +amount, and the payout waits for a corrected payout account (already
 *   corrected at the gateway: returned at once), then rides the next statement.
 * Both postings are queued here and posted by fees.ledger-ops with a key from
 * the payout. A result for a payout already settled changes nothing.
 */
export function settlePayout(deps: FeesDeps, tx: EntityManager, t: remittanceEventsV1.TransferChanged, succeeded: boolean): Promise<'applied' | 'ignored'> {
  return useCase('fees.settle_payout', async () => {
    const now = deps.clock.now();
    let p = await payoutsStore.byTransfer(tx, t.transferId);
    if (!p && t.reference) {
      // the result came before fees.submit-payouts recorded the transfer (it is ours: reference = our statement)
      const pending = await payoutsStore.unsettledOfStatement(tx, t.reference);
      if (pending && !pending.transferId) {
        await payoutsStore.adoptTransfer(tx, pending.id, t.transferId, t.executionDate, now);
        p = await payoutsStore.get(tx, pending.id);
      }
    }
    if (!p || p.state !== 'submitted') return 'ignored';
    await payoutsStore.settle(tx, p.id, succeeded ? 'paid' : 'failed', succeeded ? '' : t.failureCode || 'failed', now);
    await ledgerOpsStore.add(tx, {
      idempotencyKey: `fees-payout:${p.id}:${succeeded ? 'paid' : 'failed'}`,
      livemode: p.livemode,
      merchantId: p.merchantId,
      kind: succeeded ? 'payout.paid' : 'payout.failed',
      description: `payout ${p.id} of statement ${p.statementId} ${succeeded ? 'paid' : 'failed'} (transfer ${t.transferId})`,
      postings: succeeded ? payoutPaidPostings(p.merchantId, p.amount) : payoutFailedPostings(p.merchantId, p.amount),
      // business_date: the bank's execution date, so the reconciliation dates the platform_bank entry by the bank's day
      metadata: { payout_id: p.id, statement_id: p.statementId, transfer_id: t.transferId, ...(succeeded ? { business_date: t.executionDate } : { failure_code: t.failureCode }) },
      statementId: p.statementId,
      payoutId: p.id,
    }, now);
    const settled = (await payoutsStore.get(tx, p.id))!;
    await deps.outbox.add(tx, [payoutEvent(succeeded ? 'paid' : 'failed', settled, now)]);
    if (!succeeded && settled.account) {
      // the merchant may have corrected the account while the transfer was at the bank
      const { merchant } = await deps.gateway.getMerchant({ merchantId: p.merchantId });
      await returnIfCorrected(tx, [settled], accountFromWire(merchant?.settings?.payoutAccount), now);
    }
    deps.eventsCommitted();
    return 'applied';
  });
}

/** Failed payouts whose account the merchant has since changed: returned, so the next statement pays them. */
async function returnIfCorrected(tx: EntityManager, failed: PayoutRow[], current: PayoutAccount | null, now: Date): Promise<number> {
  let n = 0;
  for (const p of failed) {
    if (!current || sameAccount(p.account, current)) continue;
    await payoutsStore.markReturned(tx, p.id, now);
    n++;
  }
  return n;
}

/** gateway.merchant.updated: a different payout account returns the merchant's failed payouts (paid with the next statement). */
export async function payoutAccountChanged(deps: FeesDeps, tx: EntityManager, merchantId: string, account: PayoutAccount | null): Promise<number> {
  return returnIfCorrected(tx, await payoutsStore.failed(tx, merchantId), account, deps.clock.now());
}

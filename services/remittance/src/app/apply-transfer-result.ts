import { useCase } from '@kessai/platform';
import type { Transfer } from '../domain/entities';
import { ledgerOpsStore } from '../db/ledger-ops-store';
import { moneyOutStore } from '../db/money-out-store';
import { ordersStore } from '../db/orders-store';
import type { Queryable } from '../db/queryable';
import { recipientsStore } from '../db/recipients-store';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';
import { billableEvent, transferEvent } from './events';
import { closeIfDone } from './order-support';
import { startContactRound } from './recipient-support';

export interface TransferResult {
  /** Kessai's transfer id or 20-digit bank reference; a reversal's id for a reversal's outcome */
  transferId: string;
  succeeded: boolean;
  failureCode: string;
  /** when the bank names the record instead */
  fileId?: string;
  recordNumber?: number;
}

/**
 * A bank's result for a transfer (docs/reference/remittance.md#when-a-transfer-runs),
 * applied inside the inbox transaction of `webhook.bank_transfer.reported`:
 * success captures that share of the hold, failure releases it (both as
 * ledger calls queued in this transaction, made exactly once by key), and
 * in full service the recipient is contacted again. Each attempt is a
 * billable item. A result for a transfer already settled changes nothing.
 */
export function applyTransferResult(deps: RemittanceDeps, tx: Queryable, result: TransferResult): Promise<'applied' | 'ignored' | 'unknown'> {
  return useCase('remittance.apply_transfer_result', async () => {
    const now = deps.clock.now();
    if (result.transferId.startsWith('rev_')) return applyReversalResult(deps, tx, result, now);
    let t = result.transferId ? await transfersStore.byIdOrReference(tx, result.transferId, true) : undefined;
    if (!t && result.fileId && result.recordNumber) t = await transfersStore.byFileRecord(tx, result.fileId, result.recordNumber, true);
    if (!t) {
      deps.logger.warn({ transfer_id: result.transferId }, 'bank reported a transfer Kessai does not know');
      return 'unknown';
    }
    // a result may overtake the upload's acknowledgement (crash between upload and ack)
    if (!['in_file', 'sent'].includes(t.status)) return 'ignored';
    t.status = result.succeeded ? 'succeeded' : 'failed';
    t.failureCode = result.succeeded ? '' : result.failureCode || 'failed';
    t.settledAt = now;
    t.sentAt ??= now;
    await transfersStore.save(tx, t);
    const events = [transferEvent(result.succeeded ? 'succeeded' : 'failed', t, now)];
    if (t.purpose === 'recipient') events.push(billableEvent('remittance_transfer', t, now));
    if (t.purpose === 'deposit_refund') events.push(billableEvent('deposit_refund', t, now));
    await deps.outbox.add(tx, events);
    if (t.holdId) {
      await ledgerOpsStore.add(
        tx,
        {
          idempotencyKey: `transfer:${t.id}:${result.succeeded ? 'capture' : 'release'}`,
          livemode: t.livemode,
          kind: result.succeeded ? 'capture' : 'release',
          holdId: t.holdId,
          merchantId: t.merchantId,
          amount: t.amount,
          description: `${t.purpose} transfer ${t.id} ${t.status}`,
        },
        now,
      );
    }
    if (t.recipientId) await recipientOutcome(deps, tx, t, now);
    deps.metrics.transfers(result.succeeded ? 'succeeded' : 'failed');
    return 'applied';
  });
}

async function recipientOutcome(deps: RemittanceDeps, tx: Queryable, t: Transfer, now: Date): Promise<void> {
  const r = await recipientsStore.get(tx, t.recipientId!, true);
  if (!r || r.transferId !== t.id) return;
  r.transferAttempts += 1;
  r.updatedAt = now;
  if (t.status === 'succeeded') {
    r.status = 'paid';
    r.paidAt = now;
    r.code = null;
    r.nextContactAt = null;
    await recipientsStore.save(tx, r);
    await closeIfDone(deps, tx, r.orderId, now);
    return;
  }
  r.status = 'failed';
  r.failureCode = t.failureCode;
  r.transferId = null;
  r.transferDate = null;
  r.held = false;
  const order = (await ordersStore.get(tx, r.orderId))!;
  if (order.settings.mode === 'full_service') startContactRound(r, now);
  await recipientsStore.save(tx, r);
}

async function applyReversalResult(deps: RemittanceDeps, tx: Queryable, result: TransferResult, now: Date): Promise<'applied' | 'ignored' | 'unknown'> {
  const rev = await moneyOutStore.reversal(tx, result.transferId, true);
  if (!rev) return 'unknown';
  if (rev.status !== 'requested') return 'ignored';
  rev.status = result.succeeded ? 'completed' : 'refused';
  rev.completedAt = now;
  await moneyOutStore.saveReversal(tx, rev);
  if (!result.succeeded) return 'applied';
  const t = (await transfersStore.get(tx, rev.transferId, true))!;
  t.status = 'reversed';
  await transfersStore.save(tx, t);
  await deps.outbox.add(tx, [transferEvent('reversed', t, now)]);
  // the money comes back to the deposit
  await ledgerOpsStore.add(tx, { idempotencyKey: `reversal:${rev.id}:credit`, livemode: rev.livemode, kind: 'credit', holdId: null, merchantId: rev.merchantId, amount: rev.amount, description: `reversal ${rev.id} of ${t.id}` }, now);
  if (t.recipientId) {
    const r = await recipientsStore.get(tx, t.recipientId, true);
    if (r && r.status === 'paid') {
      r.status = 'cancelled';
      r.failureCode = 'reversed';
      r.updatedAt = now;
      await recipientsStore.save(tx, r);
    }
  }
  deps.metrics.transfers('reversed');
  return 'applied';
}

import { ledgerEventsV1, webhookEventsV1 } from '@kessai/contracts';
import type { EventEnvelope, EventHandler } from '@kessai/platform';
import { applyTransferResult } from '../app/apply-transfer-result';
import type { RemittanceDeps } from '../app/deps';
import { fundWaiting } from '../app/fund-orders';
import { notifyMerchant } from '../app/notify-merchant';

/** webhook.bank_transfer.reported: the bank's result for a transfer (or a reversal). */
export function transferReported(deps: RemittanceDeps): EventHandler {
  return async ({ envelope }, tx) => {
    const p = webhookEventsV1.BankTransferReported.decode(envelope.payload);
    await applyTransferResult(deps, tx, {
      transferId: p.transferId || p.reference,
      succeeded: p.result === webhookEventsV1.TransferResult.TRANSFER_RESULT_SUCCEEDED,
      failureCode: p.failureCode,
      fileId: p.fileId,
      recordNumber: p.recordNumber,
    });
    deps.eventsCommitted();
    deps.kickLedgerOps();
  };
}

/** webhook.bank_reversal.reported: the bank's decision on a reversal (組戻し) Kessai requested (request_id = the reversal's id). */
export function reversalReported(deps: RemittanceDeps): EventHandler {
  return async ({ envelope }, tx) => {
    const p = webhookEventsV1.BankReversalReported.decode(envelope.payload);
    await applyTransferResult(deps, tx, { transferId: p.requestId, succeeded: p.result === webhookEventsV1.ReversalResult.REVERSAL_RESULT_ACCEPTED, failureCode: p.reason });
    deps.eventsCommitted();
    deps.kickLedgerOps();
  };
}

/** The merchant whose deposit a posted transaction credited, if any. */
export function creditedDeposit(envelope: EventEnvelope): string | undefined {
  const t = ledgerEventsV1.TransactionPosted.decode(envelope.payload);
  return t.postings.find((p) => p.account?.type === 'deposit' && p.amount > 0)?.account?.ownerId;
}

/** The merchants whose deposits the transactions of a `ledger.transactions.posted` (one PostBatch call) credited. */
export function creditedDeposits(envelope: EventEnvelope): string[] {
  const batch = ledgerEventsV1.TransactionsPosted.decode(envelope.payload);
  const owners = batch.transactions.flatMap((b) => b.transaction?.postings.filter((p) => p.account?.type === 'deposit' && p.amount > 0).map((p) => p.account!.ownerId) ?? []);
  return [...new Set(owners)];
}

/** ledger.transactions.posted crediting deposits: each such merchant's waiting orders try again, as for one transaction. */
export function depositsPosted(deps: RemittanceDeps): EventHandler {
  return async ({ envelope }) => {
    for (const merchantId of creditedDeposits(envelope)) await fundWaiting(deps, { livemode: envelope.livemode, merchantId });
  };
}

/** ledger.transaction.posted crediting a deposit: orders waiting for that merchant's funds try again, in approval order. */
export function depositPosted(deps: RemittanceDeps): EventHandler {
  return async ({ envelope }) => {
    const merchantId = creditedDeposit(envelope);
    if (merchantId) await fundWaiting(deps, { livemode: envelope.livemode, merchantId });
  };
}

/** remittance.order.waiting_for_funds / .closed (this service's own): the merchant's email, once per event. */
export function orderNotice(deps: RemittanceDeps): EventHandler {
  return async ({ envelope }, tx) => {
    const { emails } = await notifyMerchant(deps, tx, envelope);
    if (emails.length === 0) deps.logger.info({ order_event: envelope.type, merchant_id: envelope.merchantId }, 'no contact address: the merchant was not emailed');
  };
}

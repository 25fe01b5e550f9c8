import { newId, page, pageSize, useCase, type EntityManager } from '@kessai/platform';
import { debitsStore } from '../db/debits-store';
import type { ReconciliationItemView } from '../domain/views';
import type { AccountTransferDeps } from './deps';
import { reconciliationEvent } from './events';
import type { MerchantScope } from './scope';

/**
 * A bank's later `debit.result` callback. The synchronous answer is
 * authoritative: a report that agrees changes nothing; one that disagrees
 * (or concerns a debit without an outcome yet) becomes a reconciliation
 * item — never applied silently (docs/reference/account-transfer.md#single-debits).
 */
export function recordBankDebitReport(deps: AccountTransferDeps, r: { reportId: string; debitId: string; resultCode: number }, tx: EntityManager): Promise<'agrees' | 'listed' | 'unknown_debit'> {
  return useCase('account_transfer.record_bank_debit_report', async () => {
    const d = await debitsStore.byId(tx, r.debitId);
    if (!d) {
      deps.logger.warn({ debit_id: r.debitId, report_id: r.reportId }, 'bank reported a debit Kessai does not know');
      return 'unknown_debit';
    }
    if (d.resultCode === r.resultCode) return 'agrees';
    const now = deps.clock.now();
    const id = newId('rci', now.getTime());
    const item = { id, livemode: d.livemode, merchantId: d.merchantId, debitId: d.id, answeredCode: d.resultCode ?? -1, reportedCode: r.resultCode, reportId: r.reportId, now };
    if (await debitsStore.insertReconciliation(tx, item)) await deps.outbox.add(tx, [reconciliationEvent(item, now)]);
    deps.logger.warn({ debit_id: d.id, answered: d.resultCode, reported: r.resultCode }, 'bank callback disagrees with the answer: reconciliation item');
    return 'listed';
  });
}

export function listReconciliationItems(deps: AccountTransferDeps, s: MerchantScope & { pageSize?: number; startingAfter: string }): Promise<{ items: ReconciliationItemView[]; hasMore: boolean }> {
  return useCase('account_transfer.list_reconciliation_items', async () => {
    const size = pageSize(s.pageSize || undefined);
    return page(await debitsStore.listReconciliation(deps.dataSource, { ...s, limit: size + 1, afterId: s.startingAfter || undefined }), size);
  }, { livemode: s.livemode });
}

import { newId, useCase } from '@kessai/platform';
import { readDebitFile } from '@kessai/zengin';
import { buildDebitFile, resultCodeOf } from '../domain/debit-file';
import { tokyoToday } from '../domain/debit';
import { contractsStore } from '../db/contracts-store';
import { debitFilesStore } from '../db/debit-files-store';
import type { AccountTransferDeps } from './deps';
import { recordAnswer } from './send-debit';

/**
 * Bulk items of `file`-mode contracts (docs/reference/account-transfer.md#bulk-debits):
 * writes one 口座振替 file per batch and contract, uploads it under its id
 * (idempotent, so an interrupted upload is simply repeated), and reads the
 * bank's result file back into the items' outcomes.
 */
export function runDebitFiles(deps: AccountTransferDeps): Promise<{ written: number; uploaded: number; completed: number }> {
  return useCase('account_transfer.run_debit_files', async () => {
    let written = 0;
    let uploaded = 0;
    let completed = 0;
    for (const due of await debitFilesStore.due(deps.dataSource)) {
      const made = await deps.dataSource.transaction(async (tx) => {
        const items = await debitFilesStore.lockItems(tx, due.batchId, due.contractId);
        if (items.length === 0) return false;
        const contract = (await contractsStore.byId(tx, due.contractId))!;
        const now = deps.clock.now();
        const today = tokyoToday(now);
        const file = buildDebitFile(contract, items, today);
        await debitFilesStore.insert(tx, { id: newId('dbf', now.getTime()), livemode: contract.livemode, merchantId: contract.merchantId, batchId: due.batchId, contractId: contract.id, createdOn: today, debitDate: file.debitDate, content: file.content, now }, file.records);
        return true;
      });
      if (made) written += 1;
    }
    for (const f of await debitFilesStore.open(deps.dataSource)) {
      if (f.status === 'written') {
        await deps.bank.uploadDebitFile(f.partner, f.id, f.content);
        await debitFilesStore.setStatus(deps.dataSource, f.id, 'uploaded', deps.clock.now());
        uploaded += 1;
      }
      const result = await deps.bank.debitFileResult(f.partner, f.id);
      if (!result) continue;
      const read = readDebitFile(result, { createdOn: f.createdOn, expect: 'result' });
      for (const r of read.records) {
        const item = await debitFilesStore.itemAt(deps.dataSource, f.id, r.recordNumber);
        if (!item) throw new Error(`result file ${f.id}: record ${r.recordNumber} is no item of the file`);
        await recordAnswer(deps, item, { requestId: item.id, resultCode: resultCodeOf(r.resultCode), debitedOn: read.header.debitDate }, 'batch');
      }
      await debitFilesStore.setStatus(deps.dataSource, f.id, 'completed', deps.clock.now());
      completed += 1;
    }
    return { written, uploaded, completed };
  });
}

import { tokyoDate } from '@kessai/bank-calendar';
import { newId, useCase } from '@kessai/platform';
import { writeTransferFile } from '@kessai/zengin';
import { fileDateMissed, fileIsDue, transferDateFor } from '../domain/schedule';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';

/**
 * At each day's cut-off, one 総合振込 file per business day and source
 * account (docs/reference/remittance.md#when-a-transfer-runs): the file and
 * its transfers' record numbers are stored BEFORE anything is uploaded, so
 * the upload can be repeated with the same file id. Transfers whose date can
 * no longer be met move to the next file.
 */
export function buildFiles(deps: RemittanceDeps): Promise<{ files: { id: string; executionDate: string; records: number }[]; moved: number }> {
  return useCase('remittance.build_files', async () => {
    const files: { id: string; executionDate: string; records: number }[] = [];
    let moved = 0;
    const src = deps.settings.sourceAccount;
    for (const g of await transfersStore.unfiledGroups(deps.dataSource)) {
      const now = deps.clock.now();
      if (g.sourceAccount !== src.key) continue;
      if (fileDateMissed(g.executionDate, now)) {
        await deps.dataSource.transaction(async (tx) => {
          const ts = await transfersStore.unfiled(tx, g);
          await transfersStore.moveDate(tx, ts.map((t) => t.id), transferDateFor(now, deps.settings.cutoff));
          moved += ts.length;
        });
        continue;
      }
      if (!fileIsDue(g.executionDate, now, deps.settings.cutoff)) continue;
      const built = await deps.dataSource.transaction(async (tx) => {
        const transfers = await transfersStore.unfiled(tx, g);
        if (transfers.length === 0) return null;
        const content = writeTransferFile(
          {
            header: {
              requesterCode: src.requesterCode,
              requesterName: src.requesterName,
              transferDate: g.executionDate,
              bankCode: src.bankCode,
              branchCode: src.branchCode,
              accountType: src.accountType,
              accountNumber: src.accountNumber,
            },
            records: transfers.map((t) => ({
              bankCode: t.account.bankCode,
              branchCode: t.account.branchCode,
              accountType: t.account.accountType,
              accountNumber: t.account.accountNumber,
              payeeName: t.account.holderKana,
              amount: t.amount,
              reference: t.bankReference,
            })),
          },
          { createdOn: tokyoDate(now), checkBanks: false },
        );
        const fileId = newId('tfl', now.getTime());
        await transfersStore.insertFile(tx, {
          id: fileId, livemode: g.livemode, sourceAccount: g.sourceAccount, executionDate: g.executionDate, status: 'built',
          recordCount: transfers.length, totalAmount: transfers.reduce((s, t) => s + t.amount, 0), content, uploadAttempts: 0, builtAt: now, sentAt: null,
        });
        for (const [i, t] of transfers.entries()) {
          t.status = 'in_file';
          t.fileId = fileId;
          t.recordNumber = i + 2; // the header is record 1
          await transfersStore.save(tx, t);
        }
        return { id: fileId, executionDate: g.executionDate, records: transfers.length };
      });
      if (built) {
        files.push(built);
        deps.metrics.files('built');
      }
    }
    return { files, moved };
  });
}

import { useCase } from '@kessai/platform';
import { moneyOutStore } from '../db/money-out-store';
import { recipientsStore } from '../db/recipients-store';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';
import { transferEvent } from './events';

/**
 * Sends built files to the partner bank: intent → call → outcome. The file is
 * marked `uploading` (committed) before the call; the bank's acknowledgement
 * marks it `sent` and its transfers sent. A crash or error in between leaves
 * it `uploading`, and the next run uploads it again under the same file id,
 * which the bank executes once. Also sends pending reversal requests.
 */
export function uploadFiles(deps: RemittanceDeps): Promise<{ sent: string[]; failed: string[]; reversals: number }> {
  return useCase('remittance.upload_files', async () => {
    const sent: string[] = [];
    const failed: string[] = [];
    for (const id of await transfersStore.filesToUpload(deps.dataSource)) {
      await transfersStore.markUploading(deps.dataSource, id);
      const file = (await transfersStore.getFile(deps.dataSource, id))!;
      try {
        await deps.bank.uploadTransferFile({ fileId: file.id, livemode: file.livemode, sourceAccount: file.sourceAccount, executionDate: file.executionDate, content: file.content });
      } catch (err) {
        await transfersStore.recordUploadError(deps.dataSource, id, err instanceof Error ? err.message : String(err));
        deps.logger.warn({ file_id: id, err: err instanceof Error ? err.message : String(err) }, 'transfer file upload failed; retried on the next run with the same file id');
        deps.metrics.files('upload_failed');
        failed.push(id);
        continue;
      }
      if (deps.settings.fault === 'after-upload') {
        deps.logger.warn({ file_id: id }, 'fault injection: SIGKILL between upload and acknowledgement');
        process.kill(process.pid, 'SIGKILL');
      }
      await deps.dataSource.transaction(async (tx) => {
        const now = deps.clock.now();
        if (!(await transfersStore.markSent(tx, id, now))) return;
        for (const t of await transfersStore.ofFile(tx, id)) {
          if (t.status !== 'in_file') continue;
          t.status = 'sent';
          t.sentAt = now;
          await transfersStore.save(tx, t);
          await deps.outbox.add(tx, [transferEvent('sent', t, now)]);
          deps.metrics.transfers('sent');
          if (t.recipientId) {
            const r = await recipientsStore.get(tx, t.recipientId, true);
            if (r && r.transferId === t.id && r.status === 'scheduled') {
              r.status = 'sent';
              r.updatedAt = now;
              await recipientsStore.save(tx, r);
            }
          }
        }
      });
      deps.metrics.files('uploaded');
      sent.push(id);
    }
    let reversals = 0;
    for (const id of await moneyOutStore.reversalsToRequest(deps.dataSource)) {
      const rev = (await moneyOutStore.reversal(deps.dataSource, id))!;
      const t = (await transfersStore.get(deps.dataSource, rev.transferId))!;
      try {
        await deps.bank.requestReversal({ reversalId: rev.id, livemode: rev.livemode, transferId: t.id, bankReference: t.bankReference, fileId: t.fileId ?? '', recordNumber: t.recordNumber ?? 0, amount: t.amount });
        await moneyOutStore.markReversalRequested(deps.dataSource, id, deps.clock.now());
        reversals++;
      } catch (err) {
        deps.logger.warn({ reversal_id: id, err: err instanceof Error ? err.message : String(err) }, 'reversal request failed; retried on the next run');
      }
    }
    if (sent.length) deps.eventsCommitted();
    return { sent, failed, reversals };
  });
}

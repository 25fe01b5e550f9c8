import { newId, useCase } from '@kessai/platform';
import type { BatchView } from '../domain/postcard-batch';
import { messagesStore } from '../db/messages-store';
import { postcardBatchesStore } from '../db/postcard-batches-store';
import type { NotificationDeps } from './deps';
import { handOverPostcardBatch } from './hand-over-postcard-batch';

const MAX_PER_BATCH = 1_000;

/**
 * Postcards go to the print vendor in batches: (1) claim the queued postcards
 * into a batch (one transaction), (2) render the PDF and the CSV manifest and
 * drop them in the vendor's outbox (outside any transaction), (3) mark the
 * batch handed over, each postcard sent, with a `notification.postcard.sent`
 * event per postcard (a billable item). A crash between (1) and (3) leaves a
 * "rendering" batch that the next run renders again under the same names
 * (recover-stale-batches.ts).
 */
export function createPostcardBatch(deps: NotificationDeps, livemode: boolean): Promise<BatchView | undefined> {
  return useCase('notification.create_postcard_batch', async () => {
    const claimed = await deps.dataSource.transaction(async (tx) => {
      const q = tx.queryRunner!;
      const now = deps.clock.now();
      const id = newId('pcb', now.getTime());
      const ids = await messagesStore.lockQueuedPostcards(q, livemode, MAX_PER_BATCH);
      if (ids.length === 0) return undefined;
      const batch: BatchView = { id, livemode, postcardCount: ids.length, pdfName: `${id}.pdf`, manifestName: `${id}.csv`, createdAt: now };
      await postcardBatchesStore.insertRendering(q, batch);
      await messagesStore.assignToBatch(q, batch.id, ids, now);
      return batch;
    });
    if (!claimed) return undefined;
    return handOverPostcardBatch(deps, claimed);
  }, { livemode });
}

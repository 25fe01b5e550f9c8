import { useCase } from '@kessai/platform';
import { postcardBatchesStore } from '../db/postcard-batches-store';
import type { NotificationDeps } from './deps';
import { handOverPostcardBatch } from './hand-over-postcard-batch';

/** a batch still "rendering" after this long was abandoned by a crashed run */
const STALE_MS = 10 * 60_000;

/** Renders and hands over batches a crashed run left behind. */
export function recoverStaleBatches(deps: NotificationDeps): Promise<number> {
  return useCase('notification.recover_stale_batches', async () => {
    const stale = await postcardBatchesStore.renderingSince(deps.dataSource, new Date(deps.clock.now().getTime() - STALE_MS));
    for (const batch of stale) await handOverPostcardBatch(deps, batch);
    return stale.length;
  });
}

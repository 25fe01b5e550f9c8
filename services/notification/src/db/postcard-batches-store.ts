import { returnedRows } from '@kessai/platform';
import type { BatchView } from '../domain/postcard-batch';
import type { Queryable } from './queryable';

/** Postcard batches: `rendering` until the files are with the print vendor, then `handed_over`. */
export const postcardBatchesStore = {
  async insertRendering(q: Queryable, b: BatchView): Promise<void> {
    await q.query(
      `INSERT INTO notification.postcard_batches (id, livemode, status, postcard_count, pdf_name, manifest_name, created_at)
       VALUES ($1, $2, 'rendering', $3, $4, $5, $6)`,
      [b.id, b.livemode, b.postcardCount, b.pdfName, b.manifestName, b.createdAt.toISOString()],
    );
  },

  /** Batches still rendering that were created before `cutoff` (left behind by a crashed run). */
  async renderingSince(q: Queryable, cutoff: Date): Promise<BatchView[]> {
    const rows = await q.query(`SELECT * FROM notification.postcard_batches WHERE status = 'rendering' AND created_at < $1`, [cutoff.toISOString()]);
    return rows.map(batchFromRow);
  },

  /** Marks a rendering batch handed over; false when another run already did. */
  async markHandedOver(q: Queryable, id: string, now: Date): Promise<boolean> {
    const updated = returnedRows(await q.query(`UPDATE notification.postcard_batches SET status = 'handed_over', handed_over_at = $2 WHERE id = $1 AND status = 'rendering' RETURNING id`, [
      id,
      now.toISOString(),
    ]));
    return updated.length > 0;
  },
};

function batchFromRow(r: Record<string, unknown>): BatchView {
  return {
    id: r.id as string,
    livemode: r.livemode as boolean,
    postcardCount: Number(r.postcard_count),
    pdfName: r.pdf_name as string,
    manifestName: r.manifest_name as string,
    createdAt: new Date(r.created_at as string),
  };
}

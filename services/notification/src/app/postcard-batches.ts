import { notificationEventsV1 } from '@kessai/contracts';
import { newId, returnedRows } from '@kessai/platform';
import { postcardText } from '../domain/templates';
import { manifestCsv, PostcardInput, renderPostcardPdf } from '../postcards/render';
import type { NotificationDeps } from './deps';
import { messageEvent, messageFromRow, MessageView } from './messages';

export interface BatchView {
  id: string;
  livemode: boolean;
  postcardCount: number;
  pdfName: string;
  manifestName: string;
  createdAt: Date;
}

const MAX_PER_BATCH = 1_000;
/** a batch still "rendering" after this long was abandoned by a crashed run */
const STALE_MS = 10 * 60_000;

/**
 * Postcards go to the print vendor in batches: (1) claim the queued postcards
 * into a batch (one transaction), (2) render the PDF and the CSV manifest and
 * drop them in the vendor's outbox (outside any transaction), (3) mark the
 * batch handed over, each postcard sent, with a `notification.postcard.sent`
 * event per postcard (a billable item). A crash between (1) and (3) leaves a
 * "rendering" batch that the next run renders again under the same names.
 */
export async function createPostcardBatch(deps: NotificationDeps, livemode: boolean): Promise<BatchView | undefined> {
  const claimed = await deps.dataSource.transaction(async (tx) => {
    const q = tx.queryRunner!;
    const now = deps.clock.now();
    const id = newId('pcb', now.getTime());
    const rows = await q.query(
      `SELECT id FROM notification.messages WHERE channel = 'postcard' AND status = 'queued' AND livemode = $1
        ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [livemode, MAX_PER_BATCH],
    );
    if (rows.length === 0) return undefined;
    const batch: BatchView = { id, livemode, postcardCount: rows.length, pdfName: `${id}.pdf`, manifestName: `${id}.csv`, createdAt: now };
    await q.query(
      `INSERT INTO notification.postcard_batches (id, livemode, status, postcard_count, pdf_name, manifest_name, created_at)
       VALUES ($1, $2, 'rendering', $3, $4, $5, $6)`,
      [batch.id, livemode, batch.postcardCount, batch.pdfName, batch.manifestName, now.toISOString()],
    );
    await q.query(
      `UPDATE notification.messages SET status = 'sending', postcard_batch_id = $1, attempts = attempts + 1, updated_at = $2 WHERE id = ANY($3::text[])`,
      [batch.id, now.toISOString(), rows.map((r: { id: string }) => r.id)],
    );
    return batch;
  });
  if (!claimed) return undefined;
  return handOver(deps, claimed);
}

/** Renders and hands over batches a crashed run left behind. */
export async function recoverStaleBatches(deps: NotificationDeps): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - STALE_MS);
  const rows = await deps.dataSource.query(`SELECT * FROM notification.postcard_batches WHERE status = 'rendering' AND created_at < $1`, [cutoff.toISOString()]);
  for (const r of rows) await handOver(deps, batchFromRow(r));
  return rows.length;
}

async function handOver(deps: NotificationDeps, batch: BatchView): Promise<BatchView> {
  const rows = await deps.dataSource.query(`SELECT * FROM notification.messages WHERE postcard_batch_id = $1 ORDER BY created_at, id`, [batch.id]);
  const messages: MessageView[] = rows.map(messageFromRow);
  const cards = messages.map(toPostcard);
  const pdf = await renderPostcardPdf(cards, { fontPath: deps.settings.fontPath, batchId: batch.id, createdAt: batch.createdAt });
  // manifest last: a vendor that watches for the CSV finds the PDF already there
  await deps.printOutbox.put(batch.pdfName, pdf);
  await deps.printOutbox.put(batch.manifestName, manifestCsv(batch.id, cards));

  const done = await deps.dataSource.transaction(async (tx) => {
    const q = tx.queryRunner!;
    const now = deps.clock.now();
    const updated = returnedRows(await q.query(`UPDATE notification.postcard_batches SET status = 'handed_over', handed_over_at = $2 WHERE id = $1 AND status = 'rendering' RETURNING id`, [
      batch.id,
      now.toISOString(),
    ]));
    if (updated.length === 0) return false;
    await q.query(`UPDATE notification.messages SET status = 'sent', updated_at = $2 WHERE postcard_batch_id = $1`, [batch.id, now.toISOString()]);
    await deps.outbox.add(
      q,
      messages.flatMap((m) => [
        messageEvent('notification.postcard.sent', m, 'kessai.notification.events.v1.PostcardSent',
          notificationEventsV1.PostcardSent.encode({ messageId: m.id, batchId: batch.id, reference: m.reference, kind: m.kind, sentAt: now }).finish(), now),
        messageEvent('notification.message.sent', m, 'kessai.notification.events.v1.MessageSent',
          notificationEventsV1.MessageSent.encode({ messageId: m.id, requestId: m.requestId, kind: m.kind, channel: m.channel, reference: m.reference, attempts: m.attempts, sentAt: now }).finish(), now),
      ]),
    );
    return true;
  });
  if (done) {
    deps.eventsCommitted();
    deps.logger.info({ batch_id: batch.id, postcards: batch.postcardCount, outbox: deps.printOutbox.describe() }, 'postcard batch handed to the print vendor');
  }
  return batch;
}

function toPostcard(m: MessageView): PostcardInput {
  const { recipient, variables } = m.payload;
  return {
    messageId: m.id,
    merchantId: m.merchantId,
    reference: m.reference,
    recipientName: recipient.name,
    address: recipient.postalAddress!,
    senderName: variables.merchant_name ?? '',
    text: postcardText(m.kind, { recipientName: recipient.name, amount: m.amount, variables }),
  };
}

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

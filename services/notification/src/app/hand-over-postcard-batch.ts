import { notificationEventsV1 } from '@kessai/contracts';
import type { MessageView } from '../domain/message';
import type { BatchView } from '../domain/postcard-batch';
import { postcardText } from '../domain/templates';
import { messagesStore } from '../db/messages-store';
import { postcardBatchesStore } from '../db/postcard-batches-store';
import { manifestCsv, PostcardInput, renderPostcardPdf } from '../postcards/render';
import type { NotificationDeps } from './deps';
import { messageEvent } from './message-events';

/**
 * Steps (2) and (3) of a postcard batch (see create-postcard-batch.ts): render
 * the PDF and the CSV manifest, drop them in the vendor's outbox (outside any
 * transaction), then mark the batch handed over and each postcard sent, with
 * a `notification.postcard.sent` event per postcard (a billable item).
 */
export async function handOverPostcardBatch(deps: NotificationDeps, batch: BatchView): Promise<BatchView> {
  const messages = await messagesStore.ofBatch(deps.dataSource, batch.id);
  const cards = messages.map(toPostcard);
  const pdf = await renderPostcardPdf(cards, { fontPath: deps.settings.fontPath, batchId: batch.id, createdAt: batch.createdAt });
  // manifest last: a vendor that watches for the CSV finds the PDF already there
  await deps.printOutbox.put(batch.pdfName, pdf);
  await deps.printOutbox.put(batch.manifestName, manifestCsv(batch.id, cards));

  const done = await deps.dataSource.transaction(async (tx) => {
    const q = tx.queryRunner!;
    const now = deps.clock.now();
    if (!(await postcardBatchesStore.markHandedOver(q, batch.id, now))) return false;
    await messagesStore.markBatchSent(q, batch.id, now);
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
    deps.metrics.message('postcard', 'sent', messages.length);
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

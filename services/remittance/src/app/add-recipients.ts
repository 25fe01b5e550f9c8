import { merchantScope, newId, useCase, ValidationError, type CsvEncoding } from '@kessai/platform';
import { accountKey } from '../domain/account';
import { recipientsFromCsv } from '../domain/recipients-csv';
import type { Recipient, Scope } from '../domain/entities';
import { assertDraft } from '../domain/order';
import { validateRecipients } from '../domain/recipients';
import type { RecipientInput } from '../domain/types';
import { ordersStore } from '../db/orders-store';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';
import { orderView, scopedOrder } from './order-support';
import type { OrderView } from './views';

export interface AddRecipients {
  scope: Scope;
  requestId: string;
  orderId: string;
  rows: RecipientInput[];
  csv?: Uint8Array;
  /** undefined: detected */
  csvEncoding: CsvEncoding | undefined;
}

/**
 * Adds recipients to a draft order from JSON rows or a CSV (UTF-8 or
 * Shift_JIS, header row). Every row is checked and the split rule applied
 * across the whole order; the upload is stored whole or not at all.
 */
export function addRecipients(deps: RemittanceDeps, cmd: AddRecipients): Promise<OrderView & { added: number; replayed: boolean }> {
  return useCase('remittance.add_recipients', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    const hasCsv = cmd.csv !== undefined && cmd.csv.length > 0;
    if (hasCsv && cmd.rows.length) throw ValidationError.field('csv', 'send either rows or a CSV, not both');
    const inputs = hasCsv ? recipientsFromCsv(cmd.csv!, cmd.csvEncoding) : cmd.rows;
    const { value, replayed } = await deps.dataSource.transaction(async (tx) => {
      const order = await scopedOrder(tx, cmd.scope, cmd.orderId, true);
      return deps.idempotency.run(
        tx,
        {
          scope: merchantScope('remittance.recipients.add', order.livemode, order.merchantId),
          key: cmd.requestId,
          operation: 'recipients.add',
          request: { orderId: cmd.orderId, rows: cmd.rows, csv: hasCsv ? Buffer.from(cmd.csv!).toString('base64') : '', csvEncoding: cmd.csvEncoding ?? 'auto' },
          param: 'request_id',
        },
        async () => {
          assertDraft(order.status, 'recipients can be added');
          const existing = await recipientsStore.splitCandidates(tx, order.id);
          const firstRowNumber = order.recipientCount + 1;
          const valid = validateRecipients(inputs, { mode: order.settings.mode, existing, firstRowNumber });
          const now = deps.clock.now();
          const rows: Recipient[] = valid.map((v) => ({
            id: newId('rcp', now.getTime()),
            orderId: order.id,
            livemode: order.livemode,
            merchantId: order.merchantId,
            rowNumber: v.rowNumber,
            name: v.name,
            nameKana: v.nameKana,
            kanaKey: v.kanaKey,
            amount: v.amount,
            email: v.email,
            phone: v.phone,
            postalAddress: v.postalAddress,
            reference: v.reference,
            account: v.account,
            accountKey: v.account ? accountKey(v.account) : '',
            status: 'pending',
            holdId: null,
            held: false,
            earmarkRound: 0,
            linkToken: null,
            code: null,
            codeHash: null,
            wrongCodes: 0,
            lockedAt: null,
            contactRound: 0,
            roundStartedAt: null,
            roundChannels: [],
            contactedChannels: [],
            nextContactAt: null,
            lastContactedAt: null,
            registeredAt: null,
            fundsConfirmedAt: null,
            transferId: null,
            transferDate: null,
            transferAttempts: 0,
            failureCode: '',
            paidAt: null,
            personalDataDeletedAt: null,
            createdAt: now,
            updatedAt: now,
          }));
          await recipientsStore.insertMany(tx, rows);
          order.recipientCount += rows.length;
          order.totalAmount += rows.reduce((s, r) => s + r.amount, 0);
          order.updatedAt = now;
          await ordersStore.save(tx, order);
          return { orderId: order.id, added: rows.length };
        },
      );
    });
    if (!replayed) deps.metrics.recipientsAdded(cmd.scope.livemode, value.added);
    const order = (await ordersStore.get(deps.dataSource, value.orderId))!;
    return { ...(await orderView(deps.dataSource, order)), added: value.added, replayed };
  }, { livemode: cmd.scope.livemode });
}

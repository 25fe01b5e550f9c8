import { useCase } from '@kessai/platform';
import { RETENTION_YEARS } from '../domain/limits';
import { ordersStore } from '../db/orders-store';
import { recipientsStore } from '../db/recipients-store';
import { registrationStore } from '../db/registration-store';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';

/**
 * Retention (docs/reference/legal.md#retention): 10 years after an order
 * closed, its recipients' personal data (names, contacts, account numbers,
 * links) are deleted — on its transfers too, the account number and holder
 * name; amounts, statuses, references, dates and bank/branch codes stay.
 */
export function purgePersonalData(deps: RemittanceDeps): Promise<{ orders: number; recipients: number }> {
  return useCase('remittance.purge_personal_data', async () => {
    const now = deps.clock.now();
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - RETENTION_YEARS);
    let orders = 0;
    let recipients = 0;
    for (const id of await ordersStore.dueForRetention(deps.dataSource, cutoff, 100)) {
      await deps.dataSource.transaction(async (tx) => {
        recipients += await recipientsStore.deletePersonalData(tx, id, now);
        await transfersStore.deletePersonalData(tx, id);
        await ordersStore.markPersonalDataDeleted(tx, id, now);
      });
      orders++;
    }
    await registrationStore.pruneAttempts(deps.dataSource, new Date(now.getTime() - 24 * 3_600_000));
    return { orders, recipients };
  });
}

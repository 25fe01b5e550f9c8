import { NotFoundError, useCase } from '@kessai/platform';
import type { Transfer } from '../domain/entities';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';

export function getTransfer(deps: RemittanceDeps, livemode: boolean, transferId: string, merchantId = ''): Promise<Transfer> {
  return useCase('remittance.get_transfer', async () => {
    const t = transferId ? await transfersStore.get(deps.dataSource, transferId) : undefined;
    if (!t || t.livemode !== livemode || (merchantId && t.merchantId !== merchantId)) throw new NotFoundError('transfer', transferId);
    return t;
  }, { livemode });
}

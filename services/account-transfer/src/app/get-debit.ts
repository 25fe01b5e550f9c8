import { NotFoundError, useCase } from '@kessai/platform';
import type { DebitView } from '../domain/views';
import { debitsStore } from '../db/debits-store';
import type { AccountTransferDeps } from './deps';
import type { MerchantScope } from './scope';

export function getDebit(deps: AccountTransferDeps, s: MerchantScope, debitId: string): Promise<DebitView> {
  return useCase('account_transfer.get_debit', async () => {
    const d = await debitsStore.get(deps.dataSource, s.livemode, s.merchantId, debitId);
    if (!d) throw new NotFoundError('debit', debitId);
    return d;
  }, { livemode: s.livemode });
}

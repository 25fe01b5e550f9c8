import { page, pageSize, useCase } from '@kessai/platform';
import type { ContractView } from '../domain/views';
import { contractsStore } from '../db/contracts-store';
import type { AccountTransferDeps } from './deps';
import type { MerchantScope } from './scope';

export function listContracts(deps: AccountTransferDeps, s: MerchantScope & { pageSize?: number; startingAfter: string }): Promise<{ items: ContractView[]; hasMore: boolean }> {
  return useCase('account_transfer.list_contracts', async () => {
    const size = pageSize(s.pageSize || undefined);
    return page(await contractsStore.list(deps.dataSource, { livemode: s.livemode, merchantId: s.merchantId, limit: size + 1, afterId: s.startingAfter || undefined }), size);
  }, { livemode: s.livemode });
}

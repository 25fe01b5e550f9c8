import { NotFoundError, useCase } from '@kessai/platform';
import type { MandateView } from '../domain/views';
import { mandatesStore } from '../db/mandates-store';
import type { AccountTransferDeps } from './deps';
import type { MerchantScope } from './scope';

export function getMandate(deps: AccountTransferDeps, s: MerchantScope, mandateId: string): Promise<MandateView> {
  return useCase('account_transfer.get_mandate', async () => {
    const m = await mandatesStore.get(deps.dataSource, s.livemode, s.merchantId, mandateId);
    if (!m) throw new NotFoundError('mandate', mandateId);
    return m;
  }, { livemode: s.livemode });
}

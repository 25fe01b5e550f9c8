import { page, pageSize, useCase } from '@kessai/platform';
import type { MandateStatus } from '../domain/mandate';
import type { MandateImportView, MandateView } from '../domain/views';
import { mandatesStore } from '../db/mandates-store';
import type { AccountTransferDeps } from './deps';
import type { MerchantScope } from './scope';

export function listMandates(deps: AccountTransferDeps, s: MerchantScope & { customerId: string; status: MandateStatus | null; pageSize?: number; startingAfter: string }): Promise<{ items: MandateView[]; hasMore: boolean }> {
  return useCase('account_transfer.list_mandates', async () => {
    const size = pageSize(s.pageSize || undefined);
    return page(await mandatesStore.list(deps.dataSource, { ...s, limit: size + 1, afterId: s.startingAfter || undefined }), size);
  }, { livemode: s.livemode });
}

/** The audit of mandate-list imports, newest first. */
export function listMandateImports(deps: AccountTransferDeps, s: { livemode: boolean; pageSize?: number; startingAfter: string }): Promise<{ items: MandateImportView[]; hasMore: boolean }> {
  return useCase('account_transfer.list_mandate_imports', async () => {
    const size = pageSize(s.pageSize || undefined);
    return page(await mandatesStore.listImports(deps.dataSource, { livemode: s.livemode, limit: size + 1, afterId: s.startingAfter || undefined }), size);
  }, { livemode: s.livemode });
}

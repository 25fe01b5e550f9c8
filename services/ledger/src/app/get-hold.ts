import { NotFoundError, useCase } from '@kessai/platform';
import type { Hold } from '../domain/hold';
import { holdsStore } from '../db/holds-store';
import type { LedgerDeps } from './deps';

export function getHold(deps: LedgerDeps, livemode: boolean, holdId: string): Promise<Hold> {
  return useCase('ledger.get_hold', async () => {
    const hold = await holdsStore.find(deps.dataSource, livemode, holdId);
    if (!hold) throw new NotFoundError('hold', holdId);
    return hold;
  }, { livemode });
}

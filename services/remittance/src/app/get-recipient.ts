import { NotFoundError, useCase } from '@kessai/platform';
import type { Recipient, Scope } from '../domain/entities';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';

export function getRecipient(deps: RemittanceDeps, scope: Scope, recipientId: string): Promise<Recipient> {
  return useCase('remittance.get_recipient', async () => {
    const r = recipientId ? await recipientsStore.getScoped(deps.dataSource, scope, recipientId) : undefined;
    if (!r) throw new NotFoundError('recipient', recipientId);
    return r;
  }, { livemode: scope.livemode });
}

import { DomainError, useCase } from '@kessai/platform';
import { authorize, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/** The accounts the actor can act for: its own merchant and, for an owner, its tenants. */
export async function switchableAccounts(deps: ConsoleDeps, actor: ConsoleActor): Promise<{ id: string; name: string }[]> {
  const own = { id: actor.home.id, name: actor.home.name };
  if (actor.home.owner_id) return [own];
  return [own, ...(await deps.store.tenantsOf(actor.home.id))];
}

/**
 * Acts for another account (an owner's user → one of its tenants, or back) or
 * in the other mode (test/live). Any other account is "not found" (a tenant's
 * user cannot even learn the owner's other tenants exist).
 */
export function switchAccount(deps: ConsoleDeps, actor: ConsoleActor, change: { account?: string; livemode?: boolean }): Promise<void> {
  return useCase('gateway.console.switch_account', async () => {
    authorize(actor, 'tenants.switch');
    if (change.account !== undefined && change.account !== actor.home.id) {
      const target = /^mer_[a-z0-9]{1,40}$/.test(change.account) ? await deps.gateway.store.getMerchant(change.account) : null;
      if (!target || target.owner_id !== actor.home.id) throw new DomainError('not_found', 'resource_missing', `no such account: ${change.account}`);
    }
    await deps.store.updateSession(actor.session.id, { acting_merchant_id: change.account, livemode: change.livemode });
    await recordAudit(deps, { ...actor, merchant: actor.home }, 'session.switched', change.account ?? actor.merchant.id, { livemode: change.livemode ?? actor.livemode });
  });
}

import { DomainError } from '@kessai/platform';
import { can, type Permission } from '../../domain/console/roles';
import type { ConsoleSession, ConsoleUser } from '../../domain/console/user';
import type { Merchant } from '../../domain/merchant';

/** Who acts in the console: the user, their session, their own merchant and the one they act for. */
export interface ConsoleActor {
  user: ConsoleUser;
  session: ConsoleSession;
  /** the user's own merchant */
  home: Merchant;
  /** the merchant the session acts for: home, or (an owner's user) one of its tenants */
  merchant: Merchant;
  livemode: boolean;
}

/** Refuses an action the actor's role does not allow (403), whatever the page showed. */
export function authorize(actor: ConsoleActor, permission: Permission): void {
  if (!can(actor.user.role, permission)) {
    throw new DomainError('permission_denied', 'console_permission_denied', `the ${actor.user.role} role may not ${permission}`);
  }
}

/** The billing (and remittance) scope of the actor: the acting merchant; an owner acting as itself also sees its tenants. */
export function billingScope(actor: ConsoleActor, tenant?: string) {
  const self = actor.merchant.id === actor.home.id && !actor.home.owner_id;
  return { livemode: actor.livemode, merchantId: actor.merchant.id, includeTenants: self, tenantId: self ? (tenant ?? '') : '' };
}

/** The same scope for the other products that take one (remittance). */
export const productScope = billingScope;

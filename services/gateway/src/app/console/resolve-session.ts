import { sessionLive } from '../../domain/console/policy';
import type { ConsoleSession } from '../../domain/console/user';
import type { ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { tokenHash } from './secrets';

export type ResolvedSession =
  | { state: 'none' }
  /** ended by the idle timeout (or its maximum age) */
  | { state: 'expired' }
  /** the password was right, the TOTP code is still to come */
  | { state: 'second_factor'; session: ConsoleSession }
  | { state: 'active'; actor: ConsoleActor };

/**
 * The session of a cookie's token: live (then its idle clock restarts), expired
 * (idle too long, ended now), or none. A disabled user's session is none.
 */
export async function resolveSession(deps: ConsoleDeps, token: string | undefined): Promise<ResolvedSession> {
  if (!token) return { state: 'none' };
  const session = await deps.store.sessionByToken(tokenHash(token));
  if (!session || session.ended_at) return { state: 'none' };
  const now = deps.gateway.clock.now();
  if (!sessionLive(session, now)) {
    await deps.store.endSession(session.id, now);
    return { state: 'expired' };
  }
  const user = await deps.store.userById(session.user_id);
  if (!user || user.disabled_at) return { state: 'none' };
  await deps.store.touchSession(session.id, now);
  if (session.mfa_pending) return { state: 'second_factor', session };
  const home = await deps.gateway.store.getMerchant(user.merchant_id);
  let merchant = session.acting_merchant_id === user.merchant_id ? home : await deps.gateway.store.getMerchant(session.acting_merchant_id);
  // a tenant that stopped belonging to the user's merchant is no longer reachable
  if (merchant && merchant.id !== user.merchant_id && merchant.owner_id !== user.merchant_id) merchant = home;
  if (!home || !merchant) return { state: 'none' };
  return { state: 'active', actor: { user, session, home, merchant, livemode: session.livemode } };
}

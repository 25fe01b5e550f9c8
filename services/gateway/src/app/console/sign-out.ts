import type { ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

export async function signOut(deps: ConsoleDeps, actor: ConsoleActor): Promise<void> {
  await deps.store.endSession(actor.session.id, deps.gateway.clock.now());
  await recordAudit(deps, actor, 'sign_out', actor.user.id);
}

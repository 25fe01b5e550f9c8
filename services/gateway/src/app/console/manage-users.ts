import { DomainError, NotFoundError, useCase, ValidationError } from '@kessai/platform';
import { isRole } from '../../domain/console/roles';
import type { ConsoleUser } from '../../domain/console/user';
import { authorize, type ConsoleActor } from './actor';
import { createConsoleUser, type NewConsoleUser } from './create-console-user';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/** The users of the actor's own merchant (admins only). */
export async function listConsoleUsers(deps: ConsoleDeps, actor: ConsoleActor): Promise<ConsoleUser[]> {
  authorize(actor, 'users.view');
  return deps.store.listUsers(actor.home.id);
}

/** An admin adds a user to their own merchant. */
export async function addConsoleUser(deps: ConsoleDeps, actor: ConsoleActor, input: Omit<NewConsoleUser, 'merchantId'>): Promise<ConsoleUser> {
  authorize(actor, 'users.manage');
  const user = await createConsoleUser(deps, { ...input, merchantId: actor.home.id });
  await recordAudit(deps, { ...actor, merchant: actor.home }, 'user.created', user.id, { login_id: user.login_id, role: user.role });
  return user;
}

async function ownUser(deps: ConsoleDeps, actor: ConsoleActor, userId: string): Promise<ConsoleUser> {
  const user = await deps.store.userById(userId);
  if (!user || user.merchant_id !== actor.home.id) throw new NotFoundError('console_user', userId);
  return user;
}

/** Changes a user's role; an admin cannot demote themself (someone must stay admin). */
export function changeUserRole(deps: ConsoleDeps, actor: ConsoleActor, userId: string, role: string): Promise<ConsoleUser> {
  return useCase('gateway.console.change_role', async () => {
    authorize(actor, 'users.manage');
    if (!isRole(role)) throw ValidationError.field('role', 'must be admin, operator or viewer');
    const user = await ownUser(deps, actor, userId);
    if (user.id === actor.user.id && role !== 'admin') throw new DomainError('failed_precondition', 'cannot_demote_self', 'an admin cannot take away their own admin role');
    const updated = (await deps.store.setRole(user.id, role))!;
    await recordAudit(deps, { ...actor, merchant: actor.home }, 'user.role_changed', user.id, { from: user.role, to: role });
    return updated;
  });
}

/** Disables (or enables again) a user; a disabled user's sessions end at once. */
export function setUserDisabled(deps: ConsoleDeps, actor: ConsoleActor, userId: string, disabled: boolean): Promise<ConsoleUser> {
  return useCase('gateway.console.disable_user', async () => {
    authorize(actor, 'users.manage');
    const user = await ownUser(deps, actor, userId);
    if (user.id === actor.user.id) throw new DomainError('failed_precondition', 'cannot_disable_self', 'you cannot disable yourself');
    const now = deps.gateway.clock.now();
    const updated = (await deps.store.setDisabled(user.id, disabled ? now : null))!;
    if (disabled) await deps.store.endUserSessions(user.id, now);
    await recordAudit(deps, { ...actor, merchant: actor.home }, disabled ? 'user.disabled' : 'user.enabled', user.id);
    return updated;
  });
}

/** An admin unlocks a locked user. */
export async function unlockUser(deps: ConsoleDeps, actor: ConsoleActor, userId: string): Promise<void> {
  authorize(actor, 'users.manage');
  const user = await ownUser(deps, actor, userId);
  await deps.store.setLockState(user.id, 0, null);
  await recordAudit(deps, { ...actor, merchant: actor.home }, 'user.unlocked', user.id);
}

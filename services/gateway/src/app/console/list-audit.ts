import { page, pageSize } from '@kessai/platform';
import type { AuditEntry } from '../../domain/console/user';
import { authorize, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { switchableAccounts } from './switch-account';

/** The audit log a merchant admin reads: their merchant's and (an owner's) its tenants' entries, newest first. */
export async function listAudit(deps: ConsoleDeps, actor: ConsoleActor, before?: string) {
  authorize(actor, 'audit.view');
  const accounts = (await switchableAccounts(deps, actor)).map((a) => a.id);
  const size = pageSize(50);
  const rows: AuditEntry[] = await deps.store.listAudit(accounts, size + 1, before);
  return page(rows, size);
}

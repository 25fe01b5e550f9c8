import { useCase } from '@kessai/platform';
import { listUnattributedDeposits as listRows } from '../db/inbound-store';
import type { UnattributedDepositRecord } from '../domain/records';
import type { WebhookDeps } from './deps';

/** Operators see the most recent this many (the request has no cursor). */
const UNATTRIBUTED_LIST_MAX = 500;

/** Operators' view of what partners sent: deposits no merchant owns, newest first. */
export function listUnattributedDeposits(deps: Pick<WebhookDeps, 'dataSource'>, livemode: boolean): Promise<UnattributedDepositRecord[]> {
  return useCase('webhook.list_unattributed_deposits', () => listRows(deps.dataSource, livemode, UNATTRIBUTED_LIST_MAX), { livemode });
}

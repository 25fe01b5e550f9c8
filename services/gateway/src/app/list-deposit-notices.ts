import { page, pageSize } from '@kessai/platform';
import type { DepositNotice } from '../domain/deposit-notice';
import type { GatewayDeps } from './deps';

/** A page of a merchant's deposit notices in one mode, newest first, after the notice `after` when given. */
export async function listDepositNotices(
  deps: GatewayDeps,
  merchantId: string,
  livemode: boolean,
  limit: number | undefined,
  after: string | null,
): Promise<{ items: DepositNotice[]; hasMore: boolean }> {
  const size = pageSize(limit, 'limit');
  return page(await deps.notices.list(merchantId, livemode, after, size + 1), size);
}

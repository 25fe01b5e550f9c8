import { decodeCursor, encodeCursor, NotFoundError, page, pageSize, useCase, ValidationError } from '@kessai/platform';
import { payoutsStore } from '../db/payouts-store';
import { PAYOUT_STATES, type PayoutState } from '../domain/payout';
import type { FeesDeps } from './deps';
import type { PayoutView } from './views';

/** A merchant's payouts, newest payout date first (docs/pagination.md), optionally in one state. */
export function listPayouts(deps: FeesDeps, req: { merchantId: string; livemode: boolean; pageSize: number; pageToken: string; state: string }): Promise<{ payouts: PayoutView[]; nextPageToken: string }> {
  return useCase('fees.list_payouts', async () => {
    if (!req.merchantId) throw ValidationError.field('merchant_id', 'is required');
    if (req.state && !PAYOUT_STATES.includes(req.state as PayoutState)) throw ValidationError.field('state', `must be one of ${PAYOUT_STATES.join(', ')}`);
    const size = pageSize(req.pageSize);
    const list = `payouts:${req.merchantId}:${req.livemode}:${req.state}`;
    const after = req.pageToken ? decodeCursor(list, req.pageToken, 'page_token') : null;
    const rows = await payoutsStore.list(deps.dataSource, req.merchantId, req.livemode, req.state, after ? { date: String(after.date), id: String(after.id) } : null, size + 1);
    const { items, hasMore } = page(rows, size);
    const last = items[items.length - 1];
    return { payouts: items, nextPageToken: hasMore ? encodeCursor(list, { date: last.payoutDate, id: last.id }) : '' };
  }, { livemode: req.livemode });
}

/** One payout of the merchant (another merchant's is not found). */
export function getPayout(deps: FeesDeps, payoutId: string, merchantId: string): Promise<PayoutView> {
  return useCase('fees.get_payout', async () => {
    if (!payoutId) throw ValidationError.field('payout_id', 'is required');
    if (!merchantId) throw ValidationError.field('merchant_id', 'is required');
    const p = await payoutsStore.get(deps.dataSource, payoutId);
    if (!p || p.merchantId !== merchantId) throw new NotFoundError('payout', payoutId);
    return p;
  });
}

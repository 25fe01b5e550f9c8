import { useCase } from '@kessai/platform';
import { openBillsForNumber } from '../db/bill-store';
import type { BillingDeps } from './deps';
import type { BillRecord } from './types';

/** At most this many bills answer one number at a kiosk or till. */
const LOOKUP_LIMIT = 20;

/** What a kiosk or till shows for a number: the open bills payable under it at that chain. */
export function lookupNumber(deps: BillingDeps, livemode: boolean, chain: string, number: string): Promise<BillRecord[]> {
  return useCase('billing.lookup_number', () => openBillsForNumber(deps.dataSource, livemode, chain, number, LOOKUP_LIMIT), { livemode, chain });
}

import { tokyoDate } from '@kessai/bank-calendar';
import { CHAINS, customerNumberFromEntry, isChainId, isLegacyCustomerNumber } from '@kessai/konbini';
import { useCase } from '@kessai/platform';
import { openBillsForNumber } from '../db/bill-store';
import type { BillingDeps } from './deps';
import type { BillRecord } from './types';

/** At most this many bills answer one number at a kiosk or till. */
const LOOKUP_LIMIT = 20;

/**
 * What a kiosk or till shows for a number: the open bills payable under it at
 * that chain — never one whose due date has ended (a kiosk slip issued now
 * could not be paid in time; the grace is for slips issued before). A number
 * is a bill's own payment number, or at a chain that takes one a customer
 * number's entry (docs/reference/konbini.md#customer-numbers), or a legacy
 * 17-digit customer number while a bill registered under it is open.
 */
export function lookupNumber(deps: BillingDeps, livemode: boolean, chain: string, number: string): Promise<BillRecord[]> {
  return useCase('billing.lookup_number', async () => {
    if (!isChainId(chain)) return [];
    const customerNumber = customerNumberFromEntry(chain, number, deps.companyCodes) ?? '';
    // the old numbers work as aliases only where a customer number can be entered at all
    const legacy = CHAINS[chain].customerNumber !== null && isLegacyCustomerNumber(number) ? number : '';
    return openBillsForNumber(deps.dataSource, { livemode, chain, number, customerNumber, legacy, firstDueDate: tokyoDate(deps.clock.now()) }, LOOKUP_LIMIT);
  }, { livemode, chain });
}

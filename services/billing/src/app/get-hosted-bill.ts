import { tokyoDate } from '@kessai/bank-calendar';
import { NotFoundError, useCase } from '@kessai/platform';
import { findBillBySlipToken } from '../db/bill-store';
import type { BillingDeps } from './deps';
import type { BillRecord } from './types';

/**
 * The hosted payment page's bill by its unguessable token (the slip's): open,
 * paid or expired, with whether it can be paid now (open and not past its due
 * date). A wrong token or a deleted bill is the same 404.
 */
export function getHostedBill(deps: BillingDeps, token: string): Promise<{ bill: BillRecord; payable: boolean }> {
  return useCase('billing.get_hosted_bill', async () => {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new NotFoundError('bill', 'for this link');
    const bill = await findBillBySlipToken(deps.dataSource, token);
    if (!bill || bill.status === 'deleted') throw new NotFoundError('bill', 'for this link');
    return { bill, payable: bill.status === 'open' && bill.dueDate >= tokyoDate(deps.clock.now()) };
  });
}

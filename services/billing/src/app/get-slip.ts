import { tokyoDate } from '@kessai/bank-calendar';
import { NotFoundError, useCase } from '@kessai/platform';
import { findBillBySlipToken } from '../db/bill-store';
import type { BillingDeps } from './deps';
import type { BillRecord } from './types';

/** The slip by its unguessable token; re-printable while the bill is open and not past its due date. */
export function getSlip(deps: BillingDeps, token: string): Promise<BillRecord> {
  return useCase('billing.get_slip', async () => {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new NotFoundError('slip', 'for this link');
    const bill = await findBillBySlipToken(deps.dataSource, token);
    if (!bill || bill.status !== 'open' || bill.dueDate < tokyoDate(deps.clock.now())) throw new NotFoundError('slip', 'for this link');
    return bill;
  });
}

import type { BillRecord } from './types';

/** The public link of a bill's payment slip (the gateway serves /slips/<token>). */
export function slipUrl(deps: { slipBaseUrl: string }, bill: Pick<BillRecord, 'slipToken'>): string {
  return `${deps.slipBaseUrl.replace(/\/$/, '')}/${bill.slipToken}`;
}

import type { BillRecord } from './types';

/** The public link of a bill's payment slip (the gateway serves /slips/<token>). */
export function slipUrl(deps: { slipBaseUrl: string }, bill: Pick<BillRecord, 'slipToken'>): string {
  return `${deps.slipBaseUrl.replace(/\/$/, '')}/${bill.slipToken}`;
}

/** The bill's hosted payment page (the gateway serves /pay/<token>; the same unguessable token as the slip). */
export function hostedUrl(deps: { hostedBaseUrl: string }, bill: Pick<BillRecord, 'slipToken'>): string {
  return `${deps.hostedBaseUrl.replace(/\/$/, '')}/${bill.slipToken}`;
}

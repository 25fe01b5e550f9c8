import { newId, useCase } from '@kessai/platform';
import type { DepositNotice } from '../domain/deposit-notice';
import type { GatewayDeps } from './deps';

export interface DepositNoticeInput {
  amount: number;
  expectedOn: string;
  payerName: string | null;
  reference: string | null;
}

/** 振込予約: the merchant announces a transfer into its deposit (the edge's Idempotency-Key makes a retry answer the same notice). */
export function createDepositNotice(deps: GatewayDeps, merchantId: string, livemode: boolean, input: DepositNoticeInput): Promise<DepositNotice> {
  return useCase('gateway.create_deposit_notice', async () => {
    const now = deps.clock.now();
    return deps.notices.insert({
      id: newId('dpn', now.getTime()),
      merchant_id: merchantId,
      livemode,
      amount: input.amount,
      expected_on: input.expectedOn,
      payer_name: input.payerName,
      reference: input.reference,
      created_at: now,
    });
  }, { livemode });
}

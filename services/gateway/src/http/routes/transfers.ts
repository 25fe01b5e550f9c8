import { NotFoundError } from '@kessai/platform';
import { z } from 'zod';
import type { RemittanceClient, TransferClient } from '../../app/deps';
import { route } from '../api';
import { accountFromRest, accountToRest, bankAccountInputSchema, bankAccountSchema, remittanceScope, transferSchema, transferToRest } from './remittance-wire';

const refundSchema = z
  .object({
    id: z.string(),
    object: z.literal('deposit_refund'),
    livemode: z.boolean(),
    account: z.string(),
    amount: z.number().int(),
    currency: z.literal('jpy'),
    bank_account: bankAccountSchema.nullable(),
    transfer: z.string(),
    status: z.enum(['scheduled', 'sent', 'succeeded', 'failed']),
    created: z.string(),
  })
  .meta({ id: 'DepositRefund' });

const reversalSchema = z
  .object({
    id: z.string(),
    object: z.literal('transfer_reversal'),
    livemode: z.boolean(),
    account: z.string(),
    transfer: z.string(),
    amount: z.number().int(),
    currency: z.literal('jpy'),
    status: z.enum(['requested', 'completed', 'refused']).describe('completed: the amount is back in the deposit.'),
    created: z.string(),
    completed_at: z.string().nullable(),
  })
  .meta({ id: 'TransferReversal' });

const refundBody = z.strictObject({
  amount: z.number().int().min(1).describe('Yen from the deposit\'s available balance (not capped).'),
  bank_account: bankAccountInputSchema.describe('Your own account.'),
});

/** Deposit refunds to the merchant's own account, transfers and their reversal (組戻し) (docs/reference/remittance.md#transfers). */
export function transferRoutes(remittance: Pick<RemittanceClient, 'requestDepositRefund' | 'reverseTransfer'>, transfers: Pick<TransferClient, 'getTransfer'>) {
  return [
    route({
      method: 'post',
      path: '/v1/deposit_refunds',
      operationId: 'CreateDepositRefund',
      summary: 'Pay part of your deposit back to your own bank account (billable, 400 yen)',
      tag: 'Transfers',
      body: refundBody,
      response: refundSchema,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, body, idempotencyKey }) => {
        const { refund } = await remittance.requestDepositRefund({
          scope: remittanceScope(principal, merchant, livemode),
          requestId: idempotencyKey!,
          amount: body.amount,
          account: accountFromRest(body.bank_account),
        });
        const r = refund!;
        return {
          body: {
            id: r.id,
            object: 'deposit_refund' as const,
            livemode: r.livemode,
            account: r.merchantId,
            amount: r.amount,
            currency: 'jpy' as const,
            bank_account: accountToRest(r.account),
            transfer: r.transferId,
            status: r.status as 'scheduled',
            created: r.createdAt!.toISOString(),
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/transfers/:id',
      operationId: 'GetTransfer',
      summary: 'Get a transfer (to a recipient, or a deposit refund)',
      tag: 'Transfers',
      params: { id: 'The transfer id' },
      response: transferSchema,
      handler: async ({ merchant, livemode, params }) => {
        const { transfer } = await transfers.getTransfer({ livemode, transferId: params.id }).catch((err: unknown) => {
          throw (err as { kind?: string }).kind === 'not_found' ? new NotFoundError('transfer', params.id) : err;
        });
        // tenancy: another merchant's transfer does not exist for this key
        if (!transfer || transfer.merchantId !== merchant.id) throw new NotFoundError('transfer', params.id);
        return { body: transferToRest(transfer) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/transfers/:id/reversal',
      operationId: 'ReverseTransfer',
      summary: 'Ask the bank to recall (組戻し) a transfer already sent (billable, 800 yen)',
      tag: 'Transfers',
      params: { id: 'The transfer id' },
      response: reversalSchema,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, params, idempotencyKey }) => {
        const { reversal } = await remittance.reverseTransfer({ scope: remittanceScope(principal, merchant, livemode), requestId: idempotencyKey!, transferId: params.id });
        const r = reversal!;
        return {
          body: {
            id: r.id,
            object: 'transfer_reversal' as const,
            livemode: r.livemode,
            account: r.merchantId,
            transfer: r.transferId,
            amount: r.amount,
            currency: 'jpy' as const,
            status: r.status as 'requested',
            created: r.createdAt!.toISOString(),
            completed_at: r.completedAt ? r.completedAt.toISOString() : null,
          },
        };
      },
    }),
  ];
}

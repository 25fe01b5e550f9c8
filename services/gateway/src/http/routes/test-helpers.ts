import { CHAIN_IDS } from '@kessai/konbini';
import { z } from 'zod';
import { reportStoreResult, simulateStorePayment, type SimulatedStorePayment, type TestHelperDeps } from '../../app/simulate-store-payment';
import { route } from '../api';
import { scope } from './bills';

const storePaymentSchema = z
  .object({
    object: z.literal('test_helpers.store_payment'),
    bill: z.string(),
    store: z.enum(CHAIN_IDS),
    payment_number: z.string(),
    amount: z.number().int(),
    paid_at: z.string(),
    result: z.enum(['preliminary', 'confirmed', 'cancelled']).describe('The result the store network sent to Kessai (the bill and its webhooks follow within moments).'),
  })
  .meta({ id: 'TestStorePayment' });

const payBody = z.strictObject({
  store: z.enum(CHAIN_IDS).optional().describe('Where the customer pays (default: the bill\'s first store).'),
  amount: z.number().int().min(1).optional().describe('What the till takes, if not the bill\'s amount (to test the amount-mismatch flag).'),
});

const rest = (p: SimulatedStorePayment) => ({
  object: 'test_helpers.store_payment' as const,
  bill: p.billId,
  store: p.store as (typeof CHAIN_IDS)[number],
  payment_number: p.paymentNumber,
  amount: p.amount,
  paid_at: p.paidAt,
  result: p.result,
});

const TEST_ONLY = 'Test mode only (a live key gets 403 `test_helpers_test_mode_only`): drives the store-network simulator, so the result takes the real signed path and your webhooks fire.';

/** Test helpers (docs/reference/konbini.md#test-helpers): pay, confirm and cancel a test bill at a simulated store. */
export function testHelperRoutes(deps: TestHelperDeps) {
  const params = { id: 'The bill id (bill_…)' };
  const errors = ['failed_precondition', 'permission_denied', 'unavailable'] as const;
  return [
    route({
      method: 'post',
      path: '/v1/test_helpers/bills/:id/pay',
      operationId: 'TestHelpersPayBill',
      summary: 'Test mode: the customer pays the bill at a store (preliminary result, 速報)',
      description: TEST_ONLY,
      tag: 'Test helpers',
      params,
      body: payBody,
      response: storePaymentSchema,
      errors: [...errors],
      handler: async ({ principal, merchant, livemode, params: p, body }) => ({
        body: rest(await simulateStorePayment(deps, scope(principal, merchant, livemode), p.id, { store: body.store, amount: body.amount })),
      }),
    }),
    ...(['confirm', 'cancel'] as const).map((result) =>
      route({
        method: 'post',
        path: `/v1/test_helpers/bills/:id/${result}`,
        operationId: result === 'confirm' ? 'TestHelpersConfirmBillPayment' : 'TestHelpersCancelBillPayment',
        summary: result === 'confirm' ? 'Test mode: the store network confirms the bill\'s store payment (確報)' : 'Test mode: the store network cancels the bill\'s preliminary payment (速報取消)',
        description: TEST_ONLY,
        tag: 'Test helpers',
        params,
        response: storePaymentSchema,
        errors: [...errors],
        handler: async ({ principal, merchant, livemode, params: p }) => ({ body: rest(await reportStoreResult(deps, scope(principal, merchant, livemode), p.id, result)) }),
      }),
    ),
  ];
}

import { z } from 'zod';
import type { BillingClient, GatewayDeps, RemittanceClient } from '../../app/deps';
import { listPaymentRefunds, refundPayment, type RefundClients } from '../../app/refund-payment';
import type { PaymentRefund } from '../../domain/payment-refund';
import { route } from '../api';
import { scope as billingScope } from './bills';
import { ORDER_STATUS, postalAddressSchema, remittanceScope } from './remittance-wire';

const refundSchema = z
  .object({
    id: z.string(),
    object: z.literal('payment_refund'),
    livemode: z.boolean(),
    account: z.string(),
    payment: z.string(),
    amount: z.number().int(),
    currency: z.literal('jpy'),
    remittance_order: z.string().describe('The one-recipient remittance order that pays the customer (its reference is the payment id).'),
    recipient: z.string(),
    order_status: z.enum(ORDER_STATUS.all).optional().describe('The order\'s status when the refund was created (waiting_for_funds when the deposit is short).'),
    created: z.string(),
  })
  .meta({ id: 'PaymentRefund' });

const refundBody = z.strictObject({
  amount: z.number().int().min(1).describe('Yen, at most what is left of the payment after earlier refunds.'),
  name_kana: z.string().min(1).max(100).describe('The customer\'s name in kana (to check for split refunds).'),
  postal_address: postalAddressSchema.optional().describe('Required when the bill has no customer email (or give phone).'),
  phone: z.string().max(20).optional(),
});

const toRest = (r: PaymentRefund, orderStatus?: number) => ({
  id: r.id,
  object: 'payment_refund' as const,
  livemode: r.livemode,
  account: r.merchant_id,
  payment: r.payment_id,
  amount: r.amount,
  currency: 'jpy' as const,
  remittance_order: r.order_id,
  recipient: r.recipient_id,
  ...(orderStatus !== undefined ? { order_status: ORDER_STATUS.of(orderStatus) } : {}),
  created: r.created_at.toISOString(),
});

/** Konbini refunds (docs/reference/remittance.md#konbini-refunds). */
export function paymentRefundRoutes(deps: GatewayDeps, billing: RefundClients['billing'] & Pick<BillingClient, 'getPayment'>, remittance: RefundClients['remittance'] & Pick<RemittanceClient, 'getOrder'>) {
  return [
    route({
      method: 'post',
      path: '/v1/payments/:id/refunds',
      operationId: 'RefundPayment',
      summary: 'Refund a confirmed konbini payment: a remittance to the customer, funded from your deposit',
      description:
        'A konbini payment cannot be refunded at the store. This creates and approves a one-recipient full-service remittance order to the payment\'s customer (the bill\'s email; without one give postal_address or phone). Partial amounts are allowed, several per payment up to its amount.',
      tag: 'Payments',
      params: { id: 'The payment id' },
      body: refundBody,
      response: refundSchema,
      errors: ['failed_precondition', 'already_exists'],
      handler: async ({ principal, merchant, livemode, params, body, idempotencyKey }) => {
        const { refund, order } = await refundPayment(deps, { billing, remittance }, {
          idempotencyKey: idempotencyKey!,
          billingScope: billingScope(principal, merchant, livemode),
          remittanceScope: remittanceScope(principal, merchant, livemode),
          merchant,
          paymentId: params.id,
          amount: body.amount,
          nameKana: body.name_kana,
          postalAddress: body.postal_address ? { postalCode: body.postal_address.postal_code, prefecture: body.postal_address.prefecture, city: body.postal_address.city, line1: body.postal_address.line1, line2: body.postal_address.line2 ?? '' } : undefined,
          phone: body.phone,
        });
        return { body: toRest(refund, order.status) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/payments/:id/refunds',
      operationId: 'ListPaymentRefunds',
      summary: 'List a payment\'s refunds, oldest first',
      tag: 'Payments',
      params: { id: 'The payment id' },
      response: z.object({ object: z.literal('list'), data: z.array(refundSchema), has_more: z.boolean() }).meta({ id: 'PaymentRefundList' }),
      handler: async ({ principal, merchant, livemode, params }) => {
        const refunds = await listPaymentRefunds(deps, billing, billingScope(principal, merchant, livemode), params.id);
        return { body: { object: 'list' as const, data: refunds.map((r) => toRest(r)), has_more: false } };
      },
    }),
  ];
}

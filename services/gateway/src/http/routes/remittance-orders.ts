import { remittanceV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import type { RemittanceClient } from '../../app/deps';
import { listOf, listQuery, route } from '../api';
import { CHANNEL, MODE, ORDER_STATUS, orderSchema, orderToRest, remittanceScope } from './remittance-wire';

const createOrderBody = z.strictObject({
  purpose: z.string().min(1).max(100).describe('What the money is for, shown to recipients (e.g. コンサート払戻し).'),
  default_message: z.string().max(500).optional().describe('The message recipients see when no guide text is set.'),
  guide_text: z.string().max(4000).optional().describe('The guide text recipients receive (can be set until approval).'),
  channels: z.array(z.enum(CHANNEL.all)).min(1).max(3).default(['email', 'postcard']).describe('Outreach channels (full service), escalating email → postcard → phone.'),
  mode: z.enum(MODE.all).default('full_service').describe('full_service: Kessai contacts recipients and collects accounts; transfer_only: you give every account.'),
  registration_deadline: z.iso.date().optional().describe('Tokyo date YYYY-MM-DD; default 90 days after approval.'),
  postcard_after_days: z.number().int().min(1).max(90).optional().describe('Postcard after this many days without a registration (default 7).'),
  phone_after_days: z.number().int().min(1).max(90).optional().describe('Phone task after this many days, when phone is a channel (default 14).'),
  reference: z.string().max(100).optional().describe('Your own reference.'),
});

const listOrdersQuery = listQuery.extend({
  status: z.enum(ORDER_STATUS.all).optional(),
  tenant: z.string().max(100).optional().describe('Owners: only this tenant\'s objects.'),
});

const guideBody = z.strictObject({ guide_text: z.string().max(4000) });

const exportQuery = z.strictObject({
  format: z.enum(['csv', 'csv_shift_jis']).default('csv').describe('csv: UTF-8 with BOM; csv_shift_jis: Shift_JIS (CP932).'),
});

const ID = { id: 'The order id (rord_…)' };

/** Remittance orders (docs/reference/remittance.md#orders). */
export function remittanceOrderRoutes(remittance: Pick<RemittanceClient, 'createOrder' | 'listOrders' | 'getOrder' | 'approveOrder' | 'cancelOrder' | 'setGuide' | 'exportResults'>) {
  return [
    route({
      method: 'post',
      path: '/v1/remittance_orders',
      operationId: 'CreateRemittanceOrder',
      summary: 'Create a remittance order (a draft: add recipients, then approve)',
      tag: 'Remittance orders',
      body: createOrderBody,
      response: orderSchema,
      handler: async ({ principal, merchant, livemode, body, idempotencyKey }) => {
        const { order } = await remittance.createOrder({
          scope: remittanceScope(principal, merchant, livemode),
          requestId: idempotencyKey!,
          merchantName: merchant.name,
          guideText: body.guide_text ?? '',
          reference: body.reference ?? '',
          settings: {
            purpose: body.purpose,
            defaultMessage: body.default_message ?? '',
            channels: [...new Set(body.channels)].map(CHANNEL.to),
            mode: MODE.to(body.mode),
            registrationDeadline: body.registration_deadline ?? '',
            postcardAfterDays: body.postcard_after_days ?? 0,
            phoneAfterDays: body.phone_after_days ?? 0,
          },
        });
        return { body: orderToRest(order) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/remittance_orders',
      operationId: 'ListRemittanceOrders',
      summary: 'List remittance orders, newest first',
      tag: 'Remittance orders',
      query: listOrdersQuery,
      response: listOf(orderSchema, 'RemittanceOrder'),
      handler: async ({ principal, merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('remittance_orders', query.starting_after).id) : '';
        const r = await remittance.listOrders({
          scope: remittanceScope(principal, merchant, livemode, query.tenant),
          status: query.status ? ORDER_STATUS.to(query.status) : remittanceV1.OrderStatus.ORDER_STATUS_UNSPECIFIED,
          pageSize: query.limit,
          startingAfter: after,
        });
        const data = r.orders.map(orderToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('remittance_orders', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/remittance_orders/:id',
      operationId: 'GetRemittanceOrder',
      summary: 'Get a remittance order with its counts (paid, failed, expired, cancelled)',
      tag: 'Remittance orders',
      params: ID,
      response: orderSchema,
      handler: async ({ principal, merchant, livemode, params }) => ({
        body: orderToRest((await remittance.getOrder({ scope: remittanceScope(principal, merchant, livemode), orderId: params.id })).order),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/remittance_orders/:id/guide',
      operationId: 'SetRemittanceGuide',
      summary: 'Set the guide text recipients receive (until approval)',
      tag: 'Remittance orders',
      params: ID,
      body: guideBody,
      response: orderSchema,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, params, body, idempotencyKey }) => ({
        body: orderToRest(
          (await remittance.setGuide({ scope: remittanceScope(principal, merchant, livemode), requestId: idempotencyKey!, orderId: params.id, guideText: body.guide_text })).order,
        ),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/remittance_orders/:id/approve',
      operationId: 'ApproveRemittanceOrder',
      summary: 'Approve: earmark the total in the deposit (short of funds: waiting_for_funds, with the shortfall)',
      description:
        'Places one hold for the order\'s total on the deposit. When the available balance is short the order is approved but `waiting_for_funds`; you are told the shortfall (email to your contact addresses and the `remittance.order.waiting_for_funds` event) and the order proceeds by itself once a deposit covers it, in approval order.',
      tag: 'Remittance orders',
      params: ID,
      response: orderSchema,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, params, idempotencyKey }) => ({
        body: orderToRest((await remittance.approveOrder({ scope: remittanceScope(principal, merchant, livemode), requestId: idempotencyKey!, orderId: params.id })).order),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/remittance_orders/:id/cancel',
      operationId: 'CancelRemittanceOrder',
      summary: 'Cancel every recipient not yet sent; their share of the hold is released',
      tag: 'Remittance orders',
      params: ID,
      response: orderSchema,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, params, idempotencyKey }) => ({
        body: orderToRest((await remittance.cancelOrder({ scope: remittanceScope(principal, merchant, livemode), requestId: idempotencyKey!, orderId: params.id })).order),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/remittance_orders/:id/results',
      operationId: 'ExportRemittanceResults',
      summary: 'Download the order\'s results as CSV (UTF-8 with BOM or Shift_JIS)',
      tag: 'Remittance orders',
      params: ID,
      query: exportQuery,
      response: z.string(),
      produces: ['text/csv'],
      handler: async ({ principal, merchant, livemode, params, query }) => {
        const r = await remittance.exportResults({
          scope: remittanceScope(principal, merchant, livemode),
          orderId: params.id,
          format: query.format === 'csv_shift_jis' ? remittanceV1.ExportFormat.EXPORT_FORMAT_CSV_SHIFT_JIS : remittanceV1.ExportFormat.EXPORT_FORMAT_CSV_UTF8,
        });
        return { body: null, file: { contentType: r.contentType, data: Buffer.from(r.content), filename: r.filename } };
      },
    }),
  ];
}

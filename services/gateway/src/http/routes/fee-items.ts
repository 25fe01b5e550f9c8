import type { feesV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor, ValidationError } from '@kessai/platform';
import { z } from 'zod';
import type { FeesClient } from '../../app/deps';
import { listOf, listQuery, route } from '../api';
import { feesScope, type AccountOf } from './statements';

/** The fee kinds (docs/reference/fees-and-settlement.md#the-fee-schedule) and stamp duty. */
const FEE_KINDS = [
  'paid_bill', 'unpaid_bill', 'stamp_duty', 'payout_transfer', 'remittance_transfer', 'phone_reception', 'postcard', 'deposit_refund', 'reversal', 'initial',
  'deposit_management', 'base',
] as const;

export const feeItemSchema = z
  .object({
    id: z.string(),
    object: z.literal('fee_item'),
    livemode: z.boolean(),
    account: z.string().describe('The merchant (or tenant) charged.'),
    kind: z.string().describe(`What it is for: ${FEE_KINDS.join(', ')}.`),
    amount: z.number().int().describe('Yen, excluding consumption tax (the tax is added once per statement or invoice).'),
    taxable: z.boolean().describe('false for stamp duty, which carries no consumption tax.'),
    cause: z.object({ type: z.string().describe('payment, bill, transfer, postcard, phone_task or merchant.'), id: z.string() }).describe('What caused the charge.'),
    occurred_on: z.string().describe('YYYY-MM-DD (Asia/Tokyo): the day the cause happened (the fee schedule of that day applies).'),
    accrued_at: z.string().nullable(),
    settlement: z.enum(['collection', 'remittance']).describe('collection: comes off a payout (on a statement); remittance: invoiced monthly.'),
  })
  .meta({ id: 'FeeItem' });

export function feeItemToRest(i: feesV1.FeeItem) {
  return {
    id: i.id, object: 'fee_item' as const, livemode: i.livemode, account: i.merchantId, kind: i.kind, amount: i.amount, taxable: i.taxable,
    cause: { type: i.causeType, id: i.causeId }, occurred_on: i.occurredOn, accrued_at: i.accruedAt ? i.accruedAt.toISOString() : null,
    settlement: i.settlement as 'collection' | 'remittance',
  };
}

const listFeeItemsQuery = listQuery.extend({
  kind: z.enum(FEE_KINDS).optional(),
  from: z.iso.date().optional().describe('YYYY-MM-DD (Asia/Tokyo), inclusive: the cause happened on or after.'),
  to: z.iso.date().optional().describe('YYYY-MM-DD (Asia/Tokyo), inclusive: the cause happened on or before.'),
  tenant: z.string().max(100).optional().describe('Owners: only this tenant\'s objects.'),
});

/** What a merchant was charged and why (docs/reference/fees-and-settlement.md#fee-items). */
export function feeItemRoutes(fees: Pick<FeesClient, 'listFeeItems'>, accountOf: AccountOf) {
  return [
    route({
      method: 'get',
      path: '/v1/fee_items',
      operationId: 'ListFeeItems',
      summary: 'List fee items (what you were charged and why), newest first',
      tag: 'Statements',
      query: listFeeItemsQuery,
      response: listOf(feeItemSchema, 'FeeItem'),
      handler: async ({ principal, merchant, livemode, query }) => {
        if (query.from && query.to && query.from > query.to) throw ValidationError.field('to', 'must be on or after from');
        const scope = await feesScope(principal, merchant, accountOf, query.tenant);
        const list = `fee_items:${scope.merchantId}:${livemode}:${scope.includeTenants}:${query.kind ?? ''}:${query.from ?? ''}:${query.to ?? ''}`;
        const pageToken = query.starting_after ? String(decodeCursor(list, query.starting_after).t) : '';
        const r = await fees.listFeeItems({
          ...scope, livemode, pageSize: query.limit, pageToken, kind: query.kind ?? '', causeId: '', fromDate: query.from ?? '', toDate: query.to ?? '',
        });
        const more = r.nextPageToken !== '';
        return { body: { object: 'list', data: r.items.map(feeItemToRest), has_more: more, next_cursor: more ? encodeCursor(list, { t: r.nextPageToken }) : null } };
      },
    }),
  ];
}

import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import { createDepositNotice } from '../../app/create-deposit-notice';
import type { GatewayDeps } from '../../app/deps';
import { listDepositNotices } from '../../app/list-deposit-notices';
import type { DepositNotice } from '../../domain/deposit-notice';
import { listOf, listQuery, route } from '../api';

const noticeSchema = z
  .object({
    id: z.string(),
    object: z.literal('deposit_notice'),
    livemode: z.boolean(),
    amount: z.number().int(),
    currency: z.literal('jpy'),
    expected_on: z.string().describe('Tokyo calendar date (YYYY-MM-DD) the transfer is expected.'),
    payer_name: z.string().nullable(),
    reference: z.string().nullable(),
    created: z.string(),
  })
  .meta({ id: 'DepositNotice' });

const createNotice = z.strictObject({
  amount: z.number().int().min(1).max(1_000_000_000_000).describe('Yen you are about to transfer into your deposit.'),
  expected_on: z.iso.date().describe('YYYY-MM-DD (Asia/Tokyo).'),
  payer_name: z.string().min(1).max(60).optional().describe('Name the transfer will come from (振込依頼人名), katakana.'),
  reference: z.string().min(1).max(200).optional().describe('Your own reference.'),
});

const toWire = (r: DepositNotice) => ({
  id: r.id,
  object: 'deposit_notice' as const,
  livemode: r.livemode,
  amount: r.amount,
  currency: 'jpy' as const,
  expected_on: r.expected_on,
  payer_name: r.payer_name,
  reference: r.reference,
  created: r.created_at.toISOString(),
});

/** 振込予約: the merchant announces an incoming deposit (docs/reference/remittance.md#deposit). */
export function depositNoticeRoutes(deps: GatewayDeps) {
  return [
    route({
      method: 'post',
      path: '/v1/deposit_notices',
      operationId: 'CreateDepositNotice',
      summary: 'Announce an incoming deposit (振込予約)',
      tag: 'Deposit notices',
      body: createNotice,
      response: noticeSchema,
      handler: async ({ merchant, livemode, body }) => {
        const notice = await createDepositNotice(deps, merchant.id, livemode, {
          amount: body.amount,
          expectedOn: body.expected_on,
          payerName: body.payer_name ?? null,
          reference: body.reference ?? null,
        });
        return { body: toWire(notice) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/deposit_notices',
      operationId: 'ListDepositNotices',
      summary: 'List deposit notices, newest first',
      tag: 'Deposit notices',
      query: listQuery,
      response: listOf(noticeSchema, 'DepositNotice'),
      handler: async ({ merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('deposit_notices', query.starting_after).id) : null;
        const { items, hasMore } = await listDepositNotices(deps, merchant.id, livemode, query.limit, after);
        return {
          body: { object: 'list', data: items.map(toWire), has_more: hasMore, next_cursor: hasMore ? encodeCursor('deposit_notices', { id: items[items.length - 1].id }) : null },
        };
      },
    }),
  ];
}

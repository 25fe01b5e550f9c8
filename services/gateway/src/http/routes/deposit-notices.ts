import { DataSource, decodeCursor, encodeCursor, newId, yenFromDb } from '@kessai/platform';
import { z } from 'zod';
import type { Clock } from '@kessai/platform';
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

interface NoticeRow {
  id: string;
  livemode: boolean;
  amount: string;
  expected_on: string;
  payer_name: string | null;
  reference: string | null;
  created_at: Date;
}

const toWire = (r: NoticeRow) => ({
  id: r.id,
  object: 'deposit_notice' as const,
  livemode: r.livemode,
  amount: yenFromDb(r.amount),
  currency: 'jpy' as const,
  expected_on: r.expected_on,
  payer_name: r.payer_name,
  reference: r.reference,
  created: r.created_at.toISOString(),
});

/** 振込予約: the merchant announces an incoming deposit (docs/reference/remittance.md#deposit). */
export function depositNoticeRoutes(db: DataSource, clock: Clock) {
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
        const now = clock.now();
        const rows: NoticeRow[] = await db.query(
          `INSERT INTO deposit_notices (id, merchant_id, livemode, amount, expected_on, payer_name, reference, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           RETURNING id, livemode, amount, to_char(expected_on, 'YYYY-MM-DD') AS expected_on, payer_name, reference, created_at`,
          [newId('dpn', now.getTime()), merchant.id, livemode, body.amount, body.expected_on, body.payer_name ?? null, body.reference ?? null, now],
        );
        return { body: toWire(rows[0]) };
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
        const rows: NoticeRow[] = await db.query(
          `SELECT id, livemode, amount, to_char(expected_on, 'YYYY-MM-DD') AS expected_on, payer_name, reference, created_at
             FROM deposit_notices WHERE merchant_id = $1 AND livemode = $2 AND ($3::text IS NULL OR id < $3)
            ORDER BY id DESC LIMIT $4`,
          [merchant.id, livemode, after, query.limit + 1],
        );
        const page = rows.slice(0, query.limit);
        const more = rows.length > query.limit;
        return {
          body: { object: 'list', data: page.map(toWire), has_more: more, next_cursor: more ? encodeCursor('deposit_notices', { id: page[page.length - 1].id }) : null },
        };
      },
    }),
  ];
}

import { accountTransferV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import { listOf, listQuery, route } from '../api';
import type { AccountTransferClient } from './debit-customers';

const { DebitStatus } = accountTransferV1;
const STATUS_NAME: Record<number, 'queued' | 'pending' | 'unknown' | 'succeeded' | 'failed'> = {
  [DebitStatus.DEBIT_STATUS_QUEUED]: 'queued',
  [DebitStatus.DEBIT_STATUS_PENDING]: 'pending',
  [DebitStatus.DEBIT_STATUS_UNKNOWN]: 'unknown',
  [DebitStatus.DEBIT_STATUS_SUCCEEDED]: 'succeeded',
  [DebitStatus.DEBIT_STATUS_FAILED]: 'failed',
};
const STATUS = Object.fromEntries(Object.entries(STATUS_NAME).map(([k, v]) => [v, Number(k)])) as Record<string, accountTransferV1.DebitStatus>;
const debitStatus = z.enum(['queued', 'pending', 'unknown', 'succeeded', 'failed']);

export const debitSchema = z
  .object({
    id: z.string(),
    object: z.literal('debit'),
    livemode: z.boolean(),
    customer: z.string(),
    customer_ref: z.string(),
    mandate: z.string(),
    contract: z.string(),
    amount: z.number().int(),
    description: z.string(),
    status: debitStatus,
    result_code: z.number().int().nullable().describe('Zengin result code: 0 debited, 1 insufficient funds, 2 no such account, 3 stopped by the depositor, 4 no mandate, 8 stopped by the requester, 9 other.'),
    result_message: z.string().nullable(),
    debited_on: z.string().nullable(),
    expected_credit_on: z.string().nullable().describe('The bank credits your account on the next bank business day.'),
    batch: z.string().nullable(),
    batch_row: z.number().int().nullable(),
    created: z.string(),
    completed: z.string().nullable(),
  })
  .meta({ id: 'Debit' });

export function debitToRest(d: accountTransferV1.Debit) {
  return {
    id: d.id, object: 'debit' as const, livemode: d.livemode, customer: d.customerId, customer_ref: d.customerRef, mandate: d.mandateId, contract: d.contractId,
    amount: d.amount, description: d.description, status: STATUS_NAME[d.status], result_code: d.resultCode >= 0 ? d.resultCode : null,
    result_message: d.resultCode >= 0 ? d.resultMessage : null, debited_on: d.debitedOn || null, expected_credit_on: d.expectedCreditOn || null,
    batch: d.batchId || null, batch_row: d.batchId ? d.batchRow : null, created: (d.createdAt ?? new Date(0)).toISOString(), completed: d.completedAt ? d.completedAt.toISOString() : null,
  };
}

export const debitFilterQuery = z.strictObject({
  customer: z.string().max(100).optional(),
  created_from: z.iso.date().optional().describe('Tokyo date, inclusive.'),
  created_to: z.iso.date().optional().describe('Tokyo date, inclusive.'),
  result_code: z.coerce.number().int().refine((c) => [0, 1, 2, 3, 4, 8, 9].includes(c), 'one of 0, 1, 2, 3, 4, 8, 9').optional(),
  amount_min: z.coerce.number().int().min(1).optional(),
  amount_max: z.coerce.number().int().min(1).optional(),
  status: debitStatus.optional(),
  batch: z.string().max(100).optional(),
});

export function debitFilter(livemode: boolean, merchantId: string, q: z.infer<typeof debitFilterQuery>): accountTransferV1.DebitFilter {
  return {
    livemode, merchantId, customerId: q.customer ?? '', createdFrom: q.created_from ?? '', createdTo: q.created_to ?? '', resultCode: q.result_code ?? 0,
    hasResultCode: q.result_code !== undefined, amountMin: q.amount_min ?? 0, amountMax: q.amount_max ?? 0,
    status: q.status ? STATUS[q.status] : DebitStatus.DEBIT_STATUS_UNSPECIFIED, batchId: q.batch ?? '',
  };
}

/** Real-time single debits and the debit history (docs/reference/account-transfer.md#single-debits). */
export function debitRoutes(at: Pick<AccountTransferClient, 'createDebit' | 'getDebit' | 'listDebits' | 'exportDebits'>) {
  return [
    route({
      method: 'post',
      path: '/v1/debits',
      operationId: 'CreateDebit',
      summary: 'Debit a customer now (real time, nights and holidays too): the bank\'s result at once',
      description: 'A failed debit is a 200 with `status: failed` and its result code. A bank in its maintenance window answers 503 `bank_maintenance` with Retry-After; a lost answer 503 `bank_answer_lost` — retry with the same Idempotency-Key: it never debits twice.',
      tag: 'Direct debit',
      body: z.strictObject({
        customer: z.string().min(1),
        amount: z.number().int().min(1).max(1_000_000),
        contract: z.string().optional().describe('Which contract, when the customer has active mandates with several banks.'),
        description: z.string().max(100).optional(),
      }),
      response: debitSchema,
      errors: ['failed_precondition', 'unavailable'],
      handler: async ({ merchant, livemode, body, idempotencyKey }) => {
        const r = await at.createDebit({ requestId: idempotencyKey!, livemode, merchantId: merchant.id, customerId: body.customer, amount: body.amount, contractId: body.contract ?? '', description: body.description ?? '' });
        return { body: debitToRest(r.debit!) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/debits',
      operationId: 'ListDebits',
      summary: 'Search the debit history by customer, date, result and amount, newest first',
      tag: 'Direct debit',
      query: listQuery.extend(debitFilterQuery.shape),
      response: listOf(debitSchema, 'Debit'),
      handler: async ({ merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('debits', query.starting_after).id) : '';
        const r = await at.listDebits({ filter: debitFilter(livemode, merchant.id, query), pageSize: query.limit, startingAfter: after });
        const data = r.debits.map(debitToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('debits', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/debits/export',
      operationId: 'ExportDebits',
      summary: 'Download the matching debits as CSV (UTF-8 with BOM, or Shift_JIS)',
      tag: 'Direct debit',
      query: debitFilterQuery.extend({ encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8') }),
      response: z.string(),
      produces: ['text/csv'],
      handler: async ({ merchant, livemode, query }) => {
        const r = await at.exportDebits({ filter: debitFilter(livemode, merchant.id, query), encoding: query.encoding });
        return { body: null, file: { contentType: r.contentType, data: Buffer.from(r.csv), filename: `debits${query.encoding === 'shift_jis' ? '-sjis' : ''}.csv` } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/debits/:id',
      operationId: 'GetDebit',
      summary: 'Get a debit',
      tag: 'Direct debit',
      params: { id: 'The debit id (dbt_…)' },
      response: debitSchema,
      handler: async ({ merchant, livemode, params }) => ({ body: debitToRest((await at.getDebit({ livemode, merchantId: merchant.id, debitId: params.id })).debit!) }),
    }),
  ];
}

import { accountTransferV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import { listOf, listQuery, route } from '../api';
import type { AccountTransferClient } from './debit-customers';

const batchSchema = z
  .object({
    id: z.string(),
    object: z.literal('debit_batch'),
    livemode: z.boolean(),
    filename: z.string(),
    encoding: z.enum(['utf-8', 'shift_jis']),
    status: z.enum(['processing', 'completed']),
    total: z.number().int(),
    counts: z.object({ queued: z.number().int(), pending: z.number().int(), unknown: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }).describe('Debits by state: progress while the batch runs.'),
    succeeded_amount: z.number().int(),
    created: z.string(),
    completed: z.string().nullable(),
  })
  .meta({ id: 'DebitBatch' });

export function batchToRest(b: accountTransferV1.DebitBatch) {
  return {
    id: b.id, object: 'debit_batch' as const, livemode: b.livemode, filename: b.filename, encoding: b.encoding as 'utf-8' | 'shift_jis',
    status: b.status === accountTransferV1.BatchStatus.BATCH_STATUS_COMPLETED ? ('completed' as const) : ('processing' as const), total: b.total,
    counts: { queued: b.queued, pending: b.pending, unknown: b.unknown, succeeded: b.succeeded, failed: b.failed }, succeeded_amount: b.succeededAmount,
    created: (b.createdAt ?? new Date(0)).toISOString(), completed: b.completedAt ? b.completedAt.toISOString() : null,
  };
}

/** Bulk debits from a CSV (docs/reference/account-transfer.md#bulk-debits): the FTP of the brochure as an authenticated upload. */
export function debitBatchRoutes(at: Pick<AccountTransferClient, 'createDebitBatch' | 'getDebitBatch' | 'listDebitBatches' | 'exportDebitBatchResults'>) {
  return [
    route({
      method: 'post',
      path: '/v1/debit_batches',
      operationId: 'CreateDebitBatch',
      summary: 'Upload a CSV of debits (Shift_JIS or UTF-8): checked whole first, then debited one by one',
      description: 'Columns: `customer_ref`, `amount`, optional `description` and `contract_id` (or 顧客ID, 金額, 摘要, 契約ID). Any error refuses the whole file, every error named by row and field.',
      tag: 'Direct debit',
      body: z.strictObject({
        file: z.base64().min(1).max(14_000_000).describe('The CSV, base64-encoded.'),
        filename: z.string().max(200).optional(),
        encoding: z.enum(['utf-8', 'shift_jis']).optional().describe('Detected when left out.'),
      }),
      response: batchSchema,
      status: 201,
      handler: async ({ merchant, livemode, body, idempotencyKey }) => {
        const { batch } = await at.createDebitBatch({ requestId: idempotencyKey!, livemode, merchantId: merchant.id, csv: Buffer.from(body.file, 'base64'), filename: body.filename ?? '', encoding: body.encoding ?? '' });
        return { body: batchToRest(batch!) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/debit_batches',
      operationId: 'ListDebitBatches',
      summary: 'List bulk debits, newest first',
      tag: 'Direct debit',
      query: listQuery,
      response: listOf(batchSchema, 'DebitBatch'),
      handler: async ({ merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('debit_batches', query.starting_after).id) : '';
        const r = await at.listDebitBatches({ livemode, merchantId: merchant.id, pageSize: query.limit, startingAfter: after });
        const data = r.batches.map(batchToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('debit_batches', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/debit_batches/:id',
      operationId: 'GetDebitBatch',
      summary: 'Get a bulk debit with its counts by state',
      tag: 'Direct debit',
      params: { id: 'The batch id (dbb_…)' },
      response: batchSchema,
      handler: async ({ merchant, livemode, params }) => ({ body: batchToRest((await at.getDebitBatch({ livemode, merchantId: merchant.id, batchId: params.id })).batch!) }),
    }),
    route({
      method: 'get',
      path: '/v1/debit_batches/:id/results',
      operationId: 'ExportDebitBatchResults',
      summary: 'Download the results of a completed bulk debit as CSV',
      tag: 'Direct debit',
      params: { id: 'The batch id (dbb_…)' },
      query: z.strictObject({ encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8') }),
      response: z.string(),
      produces: ['text/csv'],
      errors: ['failed_precondition'],
      handler: async ({ merchant, livemode, params, query }) => {
        const r = await at.exportDebitBatchResults({ livemode, merchantId: merchant.id, batchId: params.id, encoding: query.encoding });
        return { body: null, file: { contentType: r.contentType, data: Buffer.from(r.csv), filename: `${params.id}-results.csv` } };
      },
    }),
  ];
}

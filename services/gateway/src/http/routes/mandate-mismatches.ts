import type { accountTransferV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import { listOf, listQuery, route } from '../api';
import type { AccountTransferClient } from './debit-customers';

const side = z.object({ status: z.string(), account: z.string(), holder_name: z.string() }).nullable();
const mismatchSchema = z
  .object({
    id: z.string(),
    object: z.literal('mandate_mismatch'),
    run_on: z.string().describe('The morning of the comparison (Tokyo date); the bank data is of the day before.'),
    kind: z.enum(['missing_at_bank', 'missing_in_master', 'different_account', 'different_holder_name', 'mandate_state_differs']),
    contract: z.string(),
    customer: z.string().nullable(),
    customer_ref: z.string().nullable(),
    customer_number: z.string(),
    master: side,
    bank: side,
  })
  .meta({ id: 'MandateMismatch' });

export function mismatchToRest(m: accountTransferV1.MandateMismatch) {
  return {
    id: m.id, object: 'mandate_mismatch' as const, run_on: m.runOn, kind: m.kind as z.infer<typeof mismatchSchema>['kind'], contract: m.contractId,
    customer: m.customerId || null, customer_ref: m.customerRef || null, customer_number: m.customerNumber,
    master: m.masterJson ? (JSON.parse(m.masterJson) as z.infer<typeof side>) : null, bank: m.bankJson ? (JSON.parse(m.bankJson) as z.infer<typeof side>) : null,
  };
}

/** The daily mismatch list of the customer master against the banks' mandate lists (docs/reference/account-transfer.md#mismatch-list). */
export function mandateMismatchRoutes(at: Pick<AccountTransferClient, 'listMandateMismatches' | 'exportMandateMismatches'>) {
  return [
    route({
      method: 'get',
      path: '/v1/mandate_mismatches',
      operationId: 'ListMandateMismatches',
      summary: 'The latest morning\'s mismatch list (or that of run_on)',
      tag: 'Direct debit',
      query: listQuery.extend({ run_on: z.iso.date().optional() }),
      response: listOf(mismatchSchema, 'MandateMismatch'),
      handler: async ({ merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('mandate_mismatches', query.starting_after).id) : '';
        const r = await at.listMandateMismatches({ livemode, merchantId: merchant.id, runOn: query.run_on ?? '', pageSize: query.limit, startingAfter: after });
        const data = r.mismatches.map(mismatchToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('mandate_mismatches', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/mandate_mismatches/export',
      operationId: 'ExportMandateMismatches',
      summary: 'Download the mismatch list as CSV (UTF-8 with BOM, or Shift_JIS)',
      tag: 'Direct debit',
      query: z.strictObject({ run_on: z.iso.date().optional(), encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8') }),
      response: z.string(),
      produces: ['text/csv'],
      handler: async ({ merchant, livemode, query }) => {
        const r = await at.exportMandateMismatches({ livemode, merchantId: merchant.id, runOn: query.run_on ?? '', encoding: query.encoding });
        return { body: null, file: { contentType: r.contentType, data: Buffer.from(r.csv), filename: `mandate-mismatches${query.run_on ? `-${query.run_on}` : ''}.csv` } };
      },
    }),
  ];
}

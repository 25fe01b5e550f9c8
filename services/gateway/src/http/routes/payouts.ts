import type { feesV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor, NotFoundError } from '@kessai/platform';
import { z } from 'zod';
import type { FeesClient, FeesPayoutClient } from '../../app/deps';
import { listOf, listQuery, route } from '../api';

const PAYOUT_STATES = ['scheduled', 'submitted', 'paid', 'failed', 'returned'] as const;

export const payoutSchema = z
  .object({
    id: z.string(),
    object: z.literal('payout'),
    livemode: z.boolean(),
    account: z.string().describe('The merchant paid (an owner\'s statement pays its tenants without a payout account through the owner).'),
    statement: z.string().describe('The statement it pays out (stm_…).'),
    amount: z.number().int().describe('Yen transferred: the statement\'s payout amount.'),
    payout_date: z.string().describe('YYYY-MM-DD (Asia/Tokyo): the statement\'s payout date.'),
    state: z.enum(PAYOUT_STATES).describe('scheduled, submitted, paid, failed (refused by the bank: waits for a corrected payout account) or returned (paid with a later statement).'),
    waiting_reason: z.string().nullable().describe('Why a scheduled payout waits, e.g. no_payout_account.'),
    execution_date: z.string().nullable().describe('The day the transfer was scheduled for, once submitted.'),
    failure_code: z.string().nullable().describe('The bank\'s reason, when failed.'),
    returned_statement: z.string().nullable().describe('The statement that carried a returned payout\'s amount (carried_in).'),
    bank_account: z
      .object({ bank_code: z.string(), branch_code: z.string(), account_number_last4: z.string() })
      .nullable()
      .describe('The payout account it went to (the number\'s last 4 digits only).'),
    created_at: z.string(),
    submitted_at: z.string().nullable(),
    settled_at: z.string().nullable(),
  })
  .meta({ id: 'Payout' });

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
const orNull = (s: string) => s || null;

export function payoutToRest(p: feesV1.Payout) {
  return {
    id: p.id, object: 'payout' as const, livemode: p.livemode, account: p.merchantId, statement: p.statementId, amount: p.amount, payout_date: p.payoutDate,
    state: p.state as (typeof PAYOUT_STATES)[number], waiting_reason: orNull(p.waitingReason), execution_date: orNull(p.executionDate), failure_code: orNull(p.failureCode),
    returned_statement: orNull(p.returnedStatementId),
    bank_account: p.bankCode ? { bank_code: p.bankCode, branch_code: p.branchCode, account_number_last4: p.accountNumberLast4 } : null,
    created_at: iso(p.createdAt) ?? '', submitted_at: iso(p.submittedAt), settled_at: iso(p.settledAt),
  };
}

export const statementTenantSchema = z
  .object({
    object: z.literal('statement_tenant'),
    statement: z.string(),
    account: z.string().describe('The statement\'s own merchant, or one of its tenants settled through it.'),
    confirmed_collections: z.number().int(),
    collection_count: z.number().int(),
    fees: z.number().int().describe('Taxable fees, excluding tax (the consumption tax and the payout fee are the statement\'s, once).'),
    stamp_duty: z.number().int(),
  })
  .meta({ id: 'StatementTenant' });

const statementTenantToRest = (t: feesV1.StatementTenant) => ({
  object: 'statement_tenant' as const, statement: t.statementId, account: t.merchantId, confirmed_collections: t.confirmedCollections,
  collection_count: t.collectionCount, fees: t.fees, stamp_duty: t.stampDuty,
});

const listPayoutsQuery = listQuery.extend({ state: z.enum(PAYOUT_STATES).optional() });

/**
 * Payouts of collection statements (docs/reference/fees-and-settlement.md#payouts)
 * and a statement's per-merchant breakdown. A payout is the acting merchant's
 * (an owner reaches a tenant's with Kessai-Account); anyone else's is 404.
 */
export function payoutRoutes(fees: Pick<FeesClient, 'getStatement'>, payouts: Pick<FeesPayoutClient, 'listPayouts' | 'getPayout' | 'listStatementTenants'>) {
  return [
    route({
      method: 'get',
      path: '/v1/payouts',
      operationId: 'ListPayouts',
      summary: 'List payouts, newest payout date first',
      tag: 'Statements',
      query: listPayoutsQuery,
      response: listOf(payoutSchema, 'Payout'),
      handler: async ({ merchant, livemode, query }) => {
        const list = `payouts:${merchant.id}:${livemode}:${query.state ?? ''}`;
        const pageToken = query.starting_after ? String(decodeCursor(list, query.starting_after).t) : '';
        const r = await payouts.listPayouts({ merchantId: merchant.id, livemode, pageSize: query.limit, pageToken, state: query.state ?? '' });
        const more = r.nextPageToken !== '';
        return { body: { object: 'list', data: r.payouts.map(payoutToRest), has_more: more, next_cursor: more ? encodeCursor(list, { t: r.nextPageToken }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/payouts/:id',
      operationId: 'GetPayout',
      summary: 'Get a payout: its statement, amount, date and state',
      tag: 'Statements',
      params: { id: 'The payout id (pyo_…)' },
      response: payoutSchema,
      handler: async ({ merchant, livemode, params }) => {
        const { payout } = await payouts.getPayout({ payoutId: params.id, merchantId: merchant.id });
        if (!payout || payout.livemode !== livemode) throw new NotFoundError('payout', params.id);
        return { body: payoutToRest(payout) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/statements/:id/tenants',
      operationId: 'ListStatementTenants',
      summary: 'List a statement\'s figures per merchant: its own and its tenants\' settled through it',
      tag: 'Statements',
      params: { id: 'The statement id (stm_…)' },
      query: listQuery,
      response: listOf(statementTenantSchema, 'StatementTenant'),
      handler: async ({ merchant, livemode, params, query }) => {
        // the statement's own merchant (an owner) reads its breakdown; a statement of the other mode is not this key's
        const { statement } = await fees.getStatement({ statementId: params.id, merchantId: merchant.id, includeTenants: false });
        if (!statement || statement.livemode !== livemode) throw new NotFoundError('statement', params.id);
        const list = `statement_tenants:${statement.id}`;
        const pageToken = query.starting_after ? String(decodeCursor(list, query.starting_after).t) : '';
        const r = await payouts.listStatementTenants({ statementId: statement.id, merchantId: merchant.id, pageSize: query.limit, pageToken });
        const more = r.nextPageToken !== '';
        return { body: { object: 'list', data: r.tenants.map(statementTenantToRest), has_more: more, next_cursor: more ? encodeCursor(list, { t: r.nextPageToken }) : null } };
      },
    }),
  ];
}

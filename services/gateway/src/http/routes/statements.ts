import { feesV1 } from '@kessai/contracts';
import { decodeCursor, DomainError, encodeCursor, NotFoundError } from '@kessai/platform';
import { z } from 'zod';
import type { Principal } from '../../app/authenticate';
import type { FeesClient, FeesDocumentClient } from '../../app/deps';
import type { Merchant } from '../../domain/merchant';
import { listOf, listQuery, route } from '../api';

export const statementSchema = z
  .object({
    id: z.string(),
    object: z.literal('statement'),
    livemode: z.boolean(),
    account: z.string().describe('The merchant (or tenant) the statement settles.'),
    settlement_cycle: z.string().describe('every_5_days, every_10_days, half_monthly or monthly.'),
    period_start: z.string().describe('YYYY-MM-DD (Asia/Tokyo), the first day of the period.'),
    period_close: z.string().describe('YYYY-MM-DD, the close: collections paid at the store up to this day.'),
    fix_date: z.string().describe('The day it was fixed: the 5th bank business day after the close. The document\'s date.'),
    payout_date: z.string().describe('The payout day: 5 bank business days after the fix date.'),
    status: z.enum(['open', 'fixed']),
    confirmed_collections: z.number().int().describe('Confirmed collections (確報) paid in the period, or confirmed since the previous statement.'),
    fees: z.number().int().describe('Collection fees, excluding tax (the payout fee apart).'),
    consumption_tax: z.number().int().describe('10% on the fees and the payout fee, computed once and rounded down.'),
    tax_rate: z.literal(10).describe('The consumption tax rate, percent.'),
    stamp_duty: z.number().int().describe('Revenue-stamp charges of payments of 50,000 yen or more (not taxable).'),
    payout_fee: z.number().int().describe('The payout transfer fee, excluding tax (0 when there is no payout).'),
    carried_in: z.number().int().describe('What the previous statement carried over (negative: a shortfall).'),
    payout_amount: z.number().int(),
    carried_over: z.number().int().describe('A result of 0 or less (or one only the payout fee would not fit), carried to the next statement.'),
    fixed_at: z.string().nullable(),
    document_url: z.string().describe('The statement as a qualified invoice (適格請求書): add ?format=pdf or csv.'),
  })
  .meta({ id: 'Statement' });

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

export function statementToRest(s: feesV1.Statement) {
  return {
    id: s.id, object: 'statement' as const, livemode: s.livemode, account: s.merchantId, settlement_cycle: s.settlementCycle, period_start: s.periodStart,
    period_close: s.periodClose, fix_date: s.fixDate, payout_date: s.payoutDate, status: s.status as 'open' | 'fixed', confirmed_collections: s.confirmedCollections,
    fees: s.fees, consumption_tax: s.consumptionTax, tax_rate: 10 as const, stamp_duty: s.stampDuty, payout_fee: s.payoutFee, carried_in: s.carriedIn,
    payout_amount: s.payoutAmount, carried_over: s.carriedOver, fixed_at: iso(s.fixedAt), document_url: `/v1/statements/${s.id}/document`,
  };
}

export const documentQuery = z.strictObject({
  format: z.enum(['pdf', 'csv']).default('pdf').describe('pdf: A4, the Japanese font embedded; csv: one record per fact (docs/csv.md).'),
  encoding: z.enum(['utf-8', 'shift_jis']).optional().describe('csv only: UTF-8 with a BOM (default) or Shift_JIS (CP932).'),
});

export const DOCUMENT_FORMAT = { pdf: feesV1.DocumentFormat.DOCUMENT_FORMAT_PDF, csv: feesV1.DocumentFormat.DOCUMENT_FORMAT_CSV } as const;

const ID = { id: 'The statement id (stm_…)' };

/** The Kessai-Account rule: the key's own merchant or one of its tenants, else 404 (app/acting-merchant.ts). */
export type AccountOf = (principal: Principal, account: string) => Promise<Merchant>;

/**
 * Whose statements and fee items a request sees, as for bills: the acting
 * merchant's; an owner acting as itself also its tenants'. `tenant` narrows an
 * owner's list to one tenant (the Kessai-Account rule: anyone else's is 404).
 */
export async function feesScope(principal: Principal, merchant: Merchant, accountOf: AccountOf, tenant?: string): Promise<{ merchantId: string; includeTenants: boolean }> {
  const self = merchant.id === principal.merchant.id;
  if (!self || tenant === undefined || tenant === merchant.id) return { merchantId: merchant.id, includeTenants: self && tenant === undefined };
  const target = await accountOf(principal, tenant).catch((err: unknown) => {
    if (err instanceof DomainError && err.kind === 'not_found') throw new DomainError('not_found', 'resource_missing', `no such account: ${tenant}`, [{ field: 'tenant', description: 'no such account' }]);
    throw err;
  });
  return { merchantId: target.id, includeTenants: false };
}

/** An object by id: the acting merchant's, or (an owner acting as itself) one of its tenants'. */
const reachOf = (principal: Principal, merchant: Merchant) => ({ merchantId: merchant.id, includeTenants: merchant.id === principal.merchant.id });

const tenantQuery = z.string().max(100).optional().describe('Owners: only this tenant\'s objects.');
export const listStatementsQuery = listQuery.extend({ tenant: tenantQuery });

/**
 * Collection statements (docs/reference/fees-and-settlement.md#payouts) and
 * their qualified-invoice documents. Each statement is one merchant's (a
 * tenant's own, per tenant); its owner sees it too, as the other lists do.
 */
export function statementRoutes(fees: Pick<FeesClient, 'listStatements' | 'getStatement'>, documents: Pick<FeesDocumentClient, 'getStatementDocument'>, accountOf: AccountOf) {
  return [
    route({
      method: 'get',
      path: '/v1/statements',
      operationId: 'ListStatements',
      summary: 'List collection statements, newest close first',
      tag: 'Statements',
      query: listStatementsQuery,
      response: listOf(statementSchema, 'Statement'),
      handler: async ({ principal, merchant, livemode, query }) => {
        const scope = await feesScope(principal, merchant, accountOf, query.tenant);
        // the fees service's own page token, inside a cursor bound to this list
        const list = `statements:${scope.merchantId}:${livemode}:${scope.includeTenants}`;
        const pageToken = query.starting_after ? String(decodeCursor(list, query.starting_after).t) : '';
        const r = await fees.listStatements({ ...scope, livemode, pageSize: query.limit, pageToken });
        const more = r.nextPageToken !== '';
        return { body: { object: 'list', data: r.statements.map(statementToRest), has_more: more, next_cursor: more ? encodeCursor(list, { t: r.nextPageToken }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/statements/:id',
      operationId: 'GetStatement',
      summary: 'Get a collection statement: collections, fees, tax, stamp duty and the payout',
      tag: 'Statements',
      params: ID,
      response: statementSchema,
      handler: async ({ principal, merchant, livemode, params }) => {
        const { statement } = await fees.getStatement({ statementId: params.id, ...reachOf(principal, merchant) });
        // a statement of the other mode is not this key's
        if (!statement || statement.livemode !== livemode) return notFound(params.id);
        return { body: statementToRest(statement) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/statements/:id/document',
      operationId: 'GetStatementDocument',
      summary: 'Download the statement as a qualified invoice (適格請求書), PDF or CSV',
      description:
        'The fees Kessai charged on the statement with their consumption tax (10%, once per document, rounded down), the stamp duty as a non-taxable line, Kessai\'s registration number (T + 13 digits), and the settlement: confirmed collections − the total = the payout.',
      tag: 'Statements',
      params: ID,
      query: documentQuery,
      response: z.string(),
      produces: ['application/pdf', 'text/csv'],
      handler: async ({ principal, merchant, livemode, params, query }) => {
        const reach = reachOf(principal, merchant);
        const { statement } = await fees.getStatement({ statementId: params.id, ...reach });
        if (!statement || statement.livemode !== livemode) return notFound(params.id);
        const d = await documents.getStatementDocument({ statementId: params.id, ...reach, format: DOCUMENT_FORMAT[query.format], encoding: query.encoding ?? '' });
        return { body: null, file: { contentType: d.contentType, data: Buffer.from(d.content), filename: d.filename } };
      },
    }),
  ];
}

/** The same answer as the fees service's NOT_FOUND (a statement of the other mode is nobody's here). */
function notFound(id: string): never {
  throw new NotFoundError('statement', id);
}

import { accountTransferV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import { listOf, listQuery, route } from '../api';
import type { AccountTransferClient } from './debit-customers';

const { MandateStatus, ContractMode } = accountTransferV1;
const STATUS_NAME: Record<number, 'requested' | 'active' | 'rejected' | 'cancelled'> = {
  [MandateStatus.MANDATE_STATUS_REQUESTED]: 'requested',
  [MandateStatus.MANDATE_STATUS_ACTIVE]: 'active',
  [MandateStatus.MANDATE_STATUS_REJECTED]: 'rejected',
  [MandateStatus.MANDATE_STATUS_CANCELLED]: 'cancelled',
};
export const MANDATE_STATUS = { requested: MandateStatus.MANDATE_STATUS_REQUESTED, active: MandateStatus.MANDATE_STATUS_ACTIVE, rejected: MandateStatus.MANDATE_STATUS_REJECTED, cancelled: MandateStatus.MANDATE_STATUS_CANCELLED } as const;
const mandateStatus = z.enum(['requested', 'active', 'rejected', 'cancelled']);

const mandateSchema = z
  .object({
    id: z.string(),
    object: z.literal('mandate'),
    livemode: z.boolean(),
    customer: z.string(),
    contract: z.string(),
    customer_number: z.string().describe('The 20-digit number the bank knows the mandate by (in its mandate lists and 口座振替 files).'),
    status: mandateStatus,
    history: z.array(z.object({ status: mandateStatus, changed_on: z.string(), source: z.enum(['merchant', 'bank_callback', 'bank_export']), import: z.string().nullable() })),
    created: z.string(),
  })
  .meta({ id: 'Mandate' });

export function mandateToRest(m: accountTransferV1.Mandate) {
  return {
    id: m.id,
    object: 'mandate' as const,
    livemode: m.livemode,
    customer: m.customerId,
    contract: m.contractId,
    customer_number: m.customerNumber,
    status: STATUS_NAME[m.status],
    history: m.history.map((h) => ({ status: STATUS_NAME[h.status], changed_on: h.changedOn, source: h.source as 'merchant' | 'bank_callback' | 'bank_export', import: h.importId || null })),
    created: (m.createdAt ?? new Date(0)).toISOString(),
  };
}

const contractSchema = z
  .object({
    id: z.string(),
    object: z.literal('debit_contract'),
    livemode: z.boolean(),
    partner: z.string().describe('The partner bank.'),
    requester_code: z.string().describe('委託者コード (10 digits) the bank assigned.'),
    requester_name: z.string(),
    merchant_account: z.object({ bank_code: z.string(), branch_code: z.string(), account_type: z.string(), account_number: z.string() }).describe('Your account at the bank, credited the next business day.'),
    mode: z.enum(['realtime', 'file']),
    notify_email: z.string(),
    created: z.string(),
  })
  .meta({ id: 'DebitContract' });

function contractToRest(c: accountTransferV1.Contract) {
  const a = c.merchantAccount;
  return {
    id: c.id, object: 'debit_contract' as const, livemode: c.livemode, partner: c.partner, requester_code: c.requesterCode, requester_name: c.requesterName,
    merchant_account: { bank_code: a?.bankCode ?? '', branch_code: a?.branchCode ?? '', account_type: String(a?.accountType ?? ''), account_number: a?.accountNumber ?? '' },
    mode: c.mode === ContractMode.CONTRACT_MODE_FILE ? ('file' as const) : ('realtime' as const), notify_email: c.notifyEmail, created: (c.createdAt ?? new Date(0)).toISOString(),
  };
}

const createContractBody = z.strictObject({
  partner: z.string().min(1).max(40),
  requester_code: z.string(),
  requester_name: z.string().min(1).max(80),
  bank_code: z.string(),
  branch_code: z.string(),
  account_type: z.string(),
  account_number: z.string(),
  mode: z.enum(['realtime', 'file']).optional(),
  notify_email: z.string().max(254).describe('Where the daily mismatch list is sent.'),
});

/** Partner-bank contracts and mandates (docs/reference/account-transfer.md#mandates). */
export function mandateRoutes(at: Pick<AccountTransferClient, 'createContract' | 'listContracts' | 'createMandate' | 'getMandate' | 'listMandates'>) {
  return [
    route({
      method: 'post',
      path: '/v1/debit_contracts',
      operationId: 'CreateDebitContract',
      summary: 'Register a direct-debit contract with a partner bank (requester code, your account there)',
      tag: 'Direct debit',
      body: createContractBody,
      response: contractSchema,
      errors: ['already_exists'],
      handler: async ({ merchant, livemode, body, idempotencyKey }) => {
        const { contract } = await at.createContract({
          requestId: idempotencyKey!, livemode, merchantId: merchant.id, partner: body.partner, requesterCode: body.requester_code, requesterName: body.requester_name,
          bankCode: body.bank_code, branchCode: body.branch_code, accountType: body.account_type, accountNumber: body.account_number,
          mode: body.mode === 'file' ? ContractMode.CONTRACT_MODE_FILE : ContractMode.CONTRACT_MODE_REALTIME, notifyEmail: body.notify_email,
        });
        return { body: contractToRest(contract!) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/debit_contracts',
      operationId: 'ListDebitContracts',
      summary: 'List your direct-debit contracts',
      tag: 'Direct debit',
      query: listQuery,
      response: listOf(contractSchema, 'DebitContract'),
      handler: async ({ merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('debit_contracts', query.starting_after).id) : '';
        const r = await at.listContracts({ livemode, merchantId: merchant.id, pageSize: query.limit, startingAfter: after });
        const data = r.contracts.map(contractToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('debit_contracts', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'post',
      path: '/v1/mandates',
      operationId: 'CreateMandate',
      summary: 'Register that the customer signed the bank\'s form (a mandate in state requested)',
      tag: 'Direct debit',
      body: z.strictObject({ customer: z.string().min(1), contract: z.string().min(1) }),
      response: mandateSchema,
      errors: ['already_exists', 'failed_precondition'],
      handler: async ({ merchant, livemode, body, idempotencyKey }) => {
        const { mandate } = await at.createMandate({ requestId: idempotencyKey!, livemode, merchantId: merchant.id, customerId: body.customer, contractId: body.contract });
        return { body: mandateToRest(mandate!) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/mandates',
      operationId: 'ListMandates',
      summary: 'List mandates, newest first',
      tag: 'Direct debit',
      query: listQuery.extend({ customer: z.string().max(100).optional(), status: mandateStatus.optional() }),
      response: listOf(mandateSchema, 'Mandate'),
      handler: async ({ merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('mandates', query.starting_after).id) : '';
        const r = await at.listMandates({
          livemode, merchantId: merchant.id, customerId: query.customer ?? '', status: query.status ? MANDATE_STATUS[query.status] : MandateStatus.MANDATE_STATUS_UNSPECIFIED,
          pageSize: query.limit, startingAfter: after,
        });
        const data = r.mandates.map(mandateToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('mandates', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/mandates/:id',
      operationId: 'GetMandate',
      summary: 'Get a mandate with its history (each change with its date and source)',
      tag: 'Direct debit',
      params: { id: 'The mandate id (mdt_…)' },
      response: mandateSchema,
      handler: async ({ merchant, livemode, params }) => ({ body: mandateToRest((await at.getMandate({ livemode, merchantId: merchant.id, mandateId: params.id })).mandate!) }),
    }),
  ];
}

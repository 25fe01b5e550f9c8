import { accountTransferV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import type { AccountTransferClient } from '../../app/deps';
import { listOf, listQuery, route } from '../api';

export type { AccountTransferClient } from '../../app/deps';

const ACCOUNT_TYPE_NAME: Record<number, 'ordinary' | 'current' | 'savings' | 'other'> = { 1: 'ordinary', 2: 'current', 4: 'savings', 9: 'other' };

export const bankAccountSchema = z
  .object({
    bank_code: z.string(),
    branch_code: z.string(),
    account_type: z.enum(['ordinary', 'current', 'savings', 'other']),
    account_number: z.string(),
    holder_name: z.string().describe('Half-width bank kana (振込カナ), as the bank has it.'),
  })
  .meta({ id: 'DebitBankAccount' });

export function bankAccountToRest(a: accountTransferV1.BankAccount | undefined) {
  return {
    bank_code: a?.bankCode ?? '',
    branch_code: a?.branchCode ?? '',
    account_type: ACCOUNT_TYPE_NAME[a?.accountType ?? 9] ?? ('other' as const),
    account_number: a?.accountNumber ?? '',
    holder_name: a?.holderName ?? '',
  };
}

const debitCustomerSchema = z
  .object({
    id: z.string(),
    object: z.literal('debit_customer'),
    livemode: z.boolean(),
    account: z.string().describe('The merchant (or tenant) the customer belongs to.'),
    customer_ref: z.string().describe('Your own id for the customer (may equal your konbini customer id).'),
    name: z.string(),
    email: z.string(),
    bank_account: bankAccountSchema,
    created: z.string(),
    updated: z.string(),
    erased: z.string().nullable().describe('When the retention job erased the personal data (10 years after the last debit or mandate end).'),
  })
  .meta({ id: 'DebitCustomer' });

export function debitCustomerToRest(c: accountTransferV1.Customer) {
  return {
    id: c.id,
    object: 'debit_customer' as const,
    livemode: c.livemode,
    account: c.merchantId,
    customer_ref: c.customerRef,
    name: c.name,
    email: c.email,
    bank_account: bankAccountToRest(c.account),
    created: (c.createdAt ?? new Date(0)).toISOString(),
    updated: (c.updatedAt ?? new Date(0)).toISOString(),
    erased: c.erasedAt ? c.erasedAt.toISOString() : null,
  };
}

const customerFields = {
  name: z.string().min(1).max(100),
  holder_name: z.string().min(1).max(60).describe('The account holder\'s name in kana (full-width, hiragana or half-width): normalised to bank kana, at most 30 half-width characters.'),
  bank_code: z.string().describe('4 digits, in the Zengin code list.'),
  branch_code: z.string().describe('3 digits, in the Zengin code list.'),
  account_type: z.string().describe('`ordinary` (1), `current` (2) or `other` (9).'),
  account_number: z.string().describe('Up to 7 digits (zero-padded).'),
  email: z.string().max(254).optional(),
};

const createBody = z.strictObject({ customer_ref: z.string().min(1).max(64), ...customerFields });
const updateBody = z.strictObject(customerFields);
const listCustomersQuery = listQuery.extend({ query: z.string().max(100).optional().describe('Search the customer ref (prefix), name or kana.') });

export function input(b: z.infer<typeof updateBody> & { customer_ref?: string }): accountTransferV1.CustomerInput {
  return {
    customerRef: b.customer_ref ?? '', name: b.name, holderName: b.holder_name, bankCode: b.bank_code, branchCode: b.branch_code,
    accountType: b.account_type, accountNumber: b.account_number, email: b.email ?? '',
  };
}

/** The direct-debit customer master (docs/reference/account-transfer.md#customer-master), apart from konbini `/v1/customers`. */
export function debitCustomerRoutes(at: Pick<AccountTransferClient, 'createCustomer' | 'updateCustomer' | 'getCustomer' | 'listCustomers'>) {
  return [
    route({
      method: 'post',
      path: '/v1/debit_customers',
      operationId: 'CreateDebitCustomer',
      summary: 'Register a customer of the direct-debit customer master (bank account validated with the Zengin code list)',
      tag: 'Direct debit',
      body: createBody,
      response: debitCustomerSchema,
      errors: ['already_exists'],
      handler: async ({ merchant, livemode, body, idempotencyKey }) => {
        const { customer } = await at.createCustomer({ requestId: idempotencyKey!, livemode, merchantId: merchant.id, customer: input(body) });
        return { body: debitCustomerToRest(customer!) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/debit_customers/:id',
      operationId: 'UpdateDebitCustomer',
      summary: 'Replace a customer\'s name, kana, bank account and email',
      tag: 'Direct debit',
      params: { id: 'The customer id (dcu_…)' },
      body: updateBody,
      response: debitCustomerSchema,
      handler: async ({ merchant, livemode, body, params, idempotencyKey }) => {
        const { customer } = await at.updateCustomer({ requestId: idempotencyKey!, livemode, merchantId: merchant.id, customerId: params.id, customer: input(body) });
        return { body: debitCustomerToRest(customer!) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/debit_customers',
      operationId: 'ListDebitCustomers',
      summary: 'List or search the direct-debit customers, newest first',
      tag: 'Direct debit',
      query: listCustomersQuery,
      response: listOf(debitCustomerSchema, 'DebitCustomer'),
      handler: async ({ merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('debit_customers', query.starting_after).id) : '';
        const r = await at.listCustomers({ livemode, merchantId: merchant.id, query: query.query ?? '', pageSize: query.limit, startingAfter: after });
        const data = r.customers.map(debitCustomerToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('debit_customers', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/debit_customers/:id',
      operationId: 'GetDebitCustomer',
      summary: 'Get a direct-debit customer with its mandate ids',
      tag: 'Direct debit',
      params: { id: 'The customer id (dcu_…)' },
      response: debitCustomerSchema.extend({ mandates: z.array(z.string()).describe('Ids of the customer\'s mandates, oldest first.') }).meta({ id: 'DebitCustomerWithMandates' }),
      handler: async ({ merchant, livemode, params }) => {
        const r = await at.getCustomer({ livemode, merchantId: merchant.id, customerId: params.id });
        return { body: { ...debitCustomerToRest(r.customer!), mandates: r.mandates.map((m) => m.id) } };
      },
    }),
  ];
}

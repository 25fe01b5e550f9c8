import { billingV1 } from '@kessai/contracts';
import { DomainError, decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import type { Principal } from '../../app/authenticate';
import type { BillingClient } from '../../app/deps';
import type { Merchant } from '../../domain/merchant';
import { listOf, listQuery, route } from '../api';
import { billSchema, billToRest, scope } from './bills';

const customerSchema = z
  .object({
    id: z.string(),
    object: z.literal('customer'),
    livemode: z.boolean(),
    account: z.string().describe('The merchant (or tenant) the customer belongs to.'),
    customer_number: z.string().describe('The persistent customer number (Smart Pit style): every open bill attached to it is payable under it, again and again.'),
    name: z.string(),
    email: z.string(),
    phone: z.string(),
    created: z.string(),
  })
  .meta({ id: 'Customer' });

const customerWithBillsSchema = customerSchema
  .extend({ open_bills: z.array(billSchema).describe('The customer\'s open bills, soonest due first.') })
  .meta({ id: 'CustomerWithBills' });

const createCustomerBody = z.strictObject({
  name: z.string().min(1).max(100),
  email: z.string().max(254).describe('Payment numbers and slip links of the customer\'s bills are emailed here.'),
  phone: z.string().max(20).optional(),
  tenant: z.string().max(100).optional().describe('Owners: register the customer for this tenant (same as the Kessai-Account header).'),
});

const listCustomersQuery = listQuery.extend({
  tenant: z.string().max(100).optional().describe('Owners: only this tenant\'s objects.'),
});

function customerToRest(c: billingV1.CustomerProfile) {
  return {
    id: c.id,
    object: 'customer' as const,
    livemode: c.livemode,
    account: c.merchantId,
    customer_number: c.customerNumber,
    name: c.name,
    email: c.email,
    phone: c.phone,
    created: (c.createdAt ?? new Date(0)).toISOString(),
  };
}

/**
 * Registered customers, each with a persistent customer number (docs/reference/konbini.md#customer-numbers):
 * bills reference one with `customer_id`.
 */
export function customerRoutes(
  billing: Pick<BillingClient, 'createCustomer' | 'listCustomers' | 'getCustomer' | 'getCustomerCard'>,
  accountOf: (principal: Principal, account: string) => Promise<Merchant>,
) {
  return [
    route({
      method: 'post',
      path: '/v1/customers',
      operationId: 'CreateCustomer',
      summary: 'Register a customer and issue its persistent customer number',
      tag: 'Customers',
      body: createCustomerBody,
      response: customerSchema,
      errors: ['already_exists'],
      handler: async ({ principal, merchant, livemode, body, idempotencyKey }) => {
        let target = merchant;
        if (body.tenant !== undefined && body.tenant !== merchant.id) {
          // the same rule as Kessai-Account: only the key's own merchant or one of its tenants, else 404
          target = await accountOf(principal, body.tenant).catch((err: unknown) => {
            if (err instanceof DomainError && err.kind === 'not_found') {
              throw new DomainError('not_found', 'resource_missing', `no such account: ${body.tenant}`, [{ field: 'tenant', description: 'no such account' }]);
            }
            throw err;
          });
        }
        const { customer } = await billing.createCustomer({
          requestId: idempotencyKey!,
          livemode,
          merchantId: target.id,
          ownerId: target.owner_id ?? '',
          name: body.name,
          email: body.email,
          phone: body.phone ?? '',
        });
        return { body: customerToRest(customer!) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/customers',
      operationId: 'ListCustomers',
      summary: 'List registered customers, newest first (owners: filter by tenant)',
      tag: 'Customers',
      query: listCustomersQuery,
      response: listOf(customerSchema, 'Customer'),
      handler: async ({ principal, merchant, livemode, query }) => {
        const after = query.starting_after ? String(decodeCursor('customers', query.starting_after).id) : '';
        const r = await billing.listCustomers({ scope: scope(principal, merchant, livemode, query.tenant), pageSize: query.limit, startingAfter: after });
        const data = r.customers.map(customerToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('customers', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/customers/:id',
      operationId: 'GetCustomer',
      summary: 'Get a customer with its open bills',
      tag: 'Customers',
      params: { id: 'The customer id (cus_…)' },
      response: customerWithBillsSchema,
      handler: async ({ principal, merchant, livemode, params }) => {
        const r = await billing.getCustomer({ scope: scope(principal, merchant, livemode), customerId: params.id });
        return { body: { ...customerToRest(r.customer!), open_bills: r.openBills.map(billToRest) } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/customers/:id/card',
      operationId: 'GetCustomerCard',
      summary: 'Download the customer-number card (PDF): the number and its barcode, to print for the customer',
      tag: 'Customers',
      params: { id: 'The customer id (cus_…)' },
      response: z.string(),
      produces: ['application/pdf'],
      handler: async ({ principal, merchant, livemode, params }) => {
        const r = await billing.getCustomerCard({ scope: scope(principal, merchant, livemode), customerId: params.id, merchantName: merchant.name });
        return { body: null, file: { contentType: 'application/pdf', data: Buffer.from(r.pdf), filename: `customer-card-${r.customer!.id}.pdf` } };
      },
    }),
  ];
}

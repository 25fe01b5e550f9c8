import { z } from 'zod';
import type { Merchant } from '../../domain/merchant';
import { route } from '../api';

export const accountSchema = z
  .object({
    id: z.string(),
    object: z.literal('account'),
    livemode: z.boolean(),
    name: z.string(),
    owner: z.string().nullable().describe('The owner, when this merchant is a tenant.'),
    deposit_account_number: z.string().describe('The virtual account of this mode that funds the deposit (remittances are paid from it).'),
    invoice_account_number: z.string().describe('The virtual account of this mode to pay the monthly remittance-fee invoices into (never the deposit).'),
  })
  .meta({ id: 'Account' });

export function accountToRest(m: Merchant, livemode: boolean) {
  return {
    id: m.id, object: 'account' as const, livemode, name: m.name, owner: m.owner_id || null,
    deposit_account_number: livemode ? m.live_virtual_account_number : m.test_virtual_account_number,
    invoice_account_number: livemode ? m.live_invoice_account_number : m.test_invoice_account_number,
  };
}

/** The merchant the request acts for (its own, or a tenant's with Kessai-Account), with its accounts of the key's mode. */
export function accountRoutes() {
  return [
    route({
      method: 'get',
      path: '/v1/account',
      operationId: 'GetAccount',
      summary: 'Get the merchant: its name and virtual account numbers (deposit, invoice) in this mode',
      tag: 'Account',
      response: accountSchema,
      handler: async ({ merchant, livemode }) => ({ body: accountToRest(merchant, livemode) }),
    }),
  ];
}

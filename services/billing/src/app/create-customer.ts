import { generateCustomerNumber } from '@kessai/konbini';
import { IdempotentCommand, isEmail, isPhone, merchantScope, newId, requestHash, useCase, ValidationError } from '@kessai/platform';
import { claimCustomerNumber, findCustomer, insertCustomer } from '../db/customer-store';
import type { BillingDeps } from './deps';
import { drawUnique } from './draw-unique';
import type { CustomerRecord } from './types';

export interface CreateCustomerInput {
  requestId: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  name: string;
  email: string;
  phone: string;
}

/**
 * The idempotent command of a CreateCustomer (its stored response: the
 * customer id). The request is the digest customers.request_hash held, so the
 * records copied from there (migration 1764900000500) still match.
 */
export function createCustomerCommand(input: CreateCustomerInput): IdempotentCommand {
  return {
    scope: merchantScope('customer.create', input.livemode, input.merchantId),
    key: input.requestId,
    operation: 'customer.create',
    request: requestHash({ ...input, requestId: undefined }),
    param: 'request_id',
  };
}

/**
 * Registers a customer with a persistent customer number (Smart Pit style):
 * the number lives in billing.customer_numbers like any other, so bills
 * attach to it and the kiosk lookup finds them. Idempotent by request id.
 */
export function createCustomer(deps: BillingDeps, input: CreateCustomerInput): Promise<{ customer: CustomerRecord; replayed: boolean }> {
  return useCase('billing.create_customer', async () => {
    if (!input.requestId) throw ValidationError.field('request_id', 'required');
    if (!input.name.trim()) throw ValidationError.field('name', 'required');
    if (input.name.length > 100) throw ValidationError.field('name', 'at most 100 characters');
    if (!input.email) throw ValidationError.field('email', 'required');
    if (!isEmail(input.email)) throw ValidationError.field('email', 'must be an email address');
    if (input.phone && !isPhone(input.phone)) throw ValidationError.field('phone', 'digits and hyphens, e.g. 03-1234-5678');
    const now = deps.clock.now();
    return deps.dataSource.transaction(async (tx) => {
      const { value: id, replayed } = await deps.idempotency.run(tx, createCustomerCommand(input), async () => {
        const number = await drawUnique(generateCustomerNumber, (n) => claimCustomerNumber(tx, n, input.livemode, input.merchantId, now));
        const customerId = newId('cus', now.getTime());
        await insertCustomer(tx, {
          id: customerId, livemode: input.livemode, merchantId: input.merchantId, ownerId: input.ownerId, customerNumber: number,
          name: input.name.trim(), email: input.email, phone: input.phone, createdAt: now,
        });
        return customerId;
      });
      return { customer: (await findCustomer(tx, id))!, replayed };
    });
  }, { livemode: input.livemode, merchant_id: input.merchantId });
}

import { ConflictError, newId, useCase, ValidationError } from '@kessai/platform';
import { validateCustomer, type CustomerInput } from '../domain/customer';
import type { CustomerView } from '../domain/views';
import { customersStore } from '../db/customers-store';
import type { AccountTransferDeps } from './deps';
import { commandScope } from './scope';

export interface CreateCustomer {
  requestId: string;
  livemode: boolean;
  merchantId: string;
  input: CustomerInput;
}

/** Registers a customer in the debit customer master (docs/reference/account-transfer.md#customer-master). */
export function createCustomer(deps: AccountTransferDeps, cmd: CreateCustomer): Promise<CustomerView> {
  return useCase('account_transfer.create_customer', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    if (!cmd.merchantId) throw ValidationError.field('merchant_id', 'required');
    const valid = validateCustomer(cmd.input);
    const { value: id } = await deps.dataSource.transaction((tx) =>
      deps.idempotency.run(
        tx,
        { scope: commandScope('customer.create', cmd.livemode, cmd.merchantId), key: cmd.requestId, operation: 'customer.create', request: cmd.input, param: 'request_id' },
        async () => {
          const now = deps.clock.now();
          const row = await customersStore.insert(tx, { ...valid, id: newId('dcu', now.getTime()), livemode: cmd.livemode, merchantId: cmd.merchantId, now });
          if (!row) throw new ConflictError('customer_exists', `a customer with customer_ref ${valid.customerRef} already exists`, { field: 'customer_ref' });
          return row.id;
        },
      ),
    );
    return (await customersStore.get(deps.dataSource, cmd.livemode, cmd.merchantId, id))!;
  }, { livemode: cmd.livemode });
}

import { NotFoundError, PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { validateCustomer, type CustomerInput } from '../domain/customer';
import type { CustomerView } from '../domain/views';
import { customersStore } from '../db/customers-store';
import type { AccountTransferDeps } from './deps';
import { commandScope } from './scope';

export interface UpdateCustomer {
  requestId: string;
  livemode: boolean;
  merchantId: string;
  customerId: string;
  input: Omit<CustomerInput, 'customerRef'>;
}

/** Replaces a customer's name, kana, account and email (validated as on create). */
export function updateCustomer(deps: AccountTransferDeps, cmd: UpdateCustomer): Promise<CustomerView> {
  return useCase('account_transfer.update_customer', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    await deps.dataSource.transaction(async (tx) => {
      const current = await customersStore.get(tx, cmd.livemode, cmd.merchantId, cmd.customerId, true);
      if (!current) throw new NotFoundError('customer', cmd.customerId);
      if (current.erasedAt) throw new PreconditionError('customer_erased', 'the customer\'s personal data was erased (retention)');
      const { customerRef: _ref, ...valid } = validateCustomer({ ...cmd.input, customerRef: current.customerRef });
      await deps.idempotency.run(
        tx,
        { scope: commandScope('customer.update', cmd.livemode, cmd.merchantId), key: cmd.requestId, operation: 'customer.update', request: { id: cmd.customerId, ...cmd.input }, param: 'request_id' },
        async () => (await customersStore.update(tx, cmd.customerId, valid, deps.clock.now())).id,
      );
    });
    return (await customersStore.get(deps.dataSource, cmd.livemode, cmd.merchantId, cmd.customerId))!;
  }, { livemode: cmd.livemode });
}

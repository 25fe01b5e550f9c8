import { ConflictError, newId, NotFoundError, PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { customerNumberFor } from '../domain/mandate';
import { tokyoToday } from '../domain/debit';
import type { MandateView } from '../domain/views';
import { contractsStore } from '../db/contracts-store';
import { customersStore } from '../db/customers-store';
import { mandatesStore } from '../db/mandates-store';
import type { AccountTransferDeps } from './deps';
import { mandateChangedEvent } from './events';
import { commandScope } from './scope';

/**
 * The merchant registers that the customer signed the bank's form: a mandate
 * in state `requested`, with its customer number, until the bank's list says
 * otherwise (docs/reference/account-transfer.md#mandates).
 */
export function createMandate(deps: AccountTransferDeps, cmd: { requestId: string; livemode: boolean; merchantId: string; customerId: string; contractId: string }): Promise<MandateView> {
  return useCase('account_transfer.create_mandate', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    const { value: id, replayed } = await deps.dataSource.transaction(async (tx) => {
      const customer = await customersStore.get(tx, cmd.livemode, cmd.merchantId, cmd.customerId, true);
      if (!customer) throw new NotFoundError('customer', cmd.customerId);
      if (customer.erasedAt) throw new PreconditionError('customer_erased', 'the customer\'s personal data was erased (retention)');
      const contract = await contractsStore.get(tx, cmd.livemode, cmd.merchantId, cmd.contractId);
      if (!contract) throw new NotFoundError('contract', cmd.contractId);
      if (contract.bankCode !== customer.bankCode) {
        throw new PreconditionError('bank_mismatch', `the contract is with bank ${contract.bankCode}; the customer's account is at bank ${customer.bankCode}`);
      }
      return deps.idempotency.run(
        tx,
        { scope: commandScope('mandate.create', cmd.livemode, cmd.merchantId), key: cmd.requestId, operation: 'mandate.create', request: { customer: cmd.customerId, contract: cmd.contractId }, param: 'request_id' },
        async () => {
          if (await mandatesStore.hasOpen(tx, customer.id, contract.id)) {
            throw new ConflictError('mandate_exists', 'the customer already has a requested or active mandate under this contract');
          }
          const now = deps.clock.now();
          const mandateId = newId('mdt', now.getTime());
          const today = tokyoToday(now);
          await mandatesStore.insert(tx, {
            id: mandateId, livemode: cmd.livemode, merchantId: cmd.merchantId, customerId: customer.id, contractId: contract.id, partner: contract.partner,
            customerNumber: customerNumberFor(await mandatesStore.nextCustomerNumber(tx)), now, today,
          });
          await deps.outbox.add(tx, [mandateChangedEvent(
            { id: mandateId, merchantId: cmd.merchantId, livemode: cmd.livemode, customerId: customer.id, customerRef: customer.customerRef, contractId: contract.id },
            { status: 'requested', previous: '', changedOn: today, source: 'merchant' },
            now,
          )]);
          return mandateId;
        },
      );
    });
    if (!replayed) deps.eventsCommitted();
    return (await mandatesStore.get(deps.dataSource, cmd.livemode, cmd.merchantId, id))!;
  }, { livemode: cmd.livemode });
}

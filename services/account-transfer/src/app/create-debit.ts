import { newId, NotFoundError, PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { validateAmount } from '../domain/debit';
import type { DebitView, MandateView } from '../domain/views';
import { customersStore } from '../db/customers-store';
import { debitsStore } from '../db/debits-store';
import { mandatesStore } from '../db/mandates-store';
import type { AccountTransferDeps } from './deps';
import { commandScope } from './scope';
import { sendDebit } from './send-debit';

export interface CreateDebit {
  requestId: string;
  livemode: boolean;
  merchantId: string;
  customerId: string;
  amount: number;
  contractId: string;
  description: string;
}

/** The mandate a debit goes under: the customer's active one (of `contractId` when given). */
export function activeMandate(mandates: MandateView[], contractId: string, field = 'contract_id'): MandateView {
  const active = mandates.filter((m) => m.status === 'active' && (!contractId || m.contractId === contractId));
  if (active.length === 0) throw new PreconditionError('no_active_mandate', contractId ? `the customer has no active mandate under contract ${contractId}` : 'the customer has no active mandate (the bank has not registered one)');
  if (active.length > 1) throw ValidationError.field(field, 'the customer has active mandates with several banks: name the contract');
  return active[0];
}

/**
 * A real-time debit (docs/reference/account-transfer.md#single-debits):
 * records the intent under the idempotency key, then asks the bank and
 * returns its result at once. Nights and holidays too. Replays return the
 * recorded outcome; a replay of a debit whose answer was lost settles it by
 * asking the bank.
 */
export function createDebit(deps: AccountTransferDeps, cmd: CreateDebit): Promise<{ debit: DebitView; replayed: boolean }> {
  return useCase('account_transfer.create_debit', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    const amount = validateAmount(cmd.amount);
    if ((cmd.description ?? '').length > 100) throw ValidationError.field('description', 'at most 100 characters');
    const { value: debitId, replayed } = await deps.dataSource.transaction(async (tx) =>
      deps.idempotency.run(
        tx,
        {
          scope: commandScope('debit.create', cmd.livemode, cmd.merchantId), key: cmd.requestId, operation: 'debit.create',
          request: { customer: cmd.customerId, amount, contract: cmd.contractId, description: cmd.description }, param: 'request_id',
        },
        async () => {
          const customer = await customersStore.get(tx, cmd.livemode, cmd.merchantId, cmd.customerId);
          if (!customer) throw new NotFoundError('customer', cmd.customerId);
          const mandate = activeMandate(await mandatesStore.byCustomer(tx, customer.id), cmd.contractId);
          const now = deps.clock.now();
          const id = newId('dbt', now.getTime());
          await debitsStore.insertMany(tx, [{
            id, livemode: cmd.livemode, merchantId: cmd.merchantId, customerId: customer.id, customerRef: customer.customerRef, mandateId: mandate.id,
            contractId: mandate.contractId, amount, description: cmd.description ?? '', status: 'pending', batchId: null, batchRow: null, now,
          }]);
          return id;
        },
      ),
    );
    const debit = await sendDebit(deps, debitId, 'single');
    return { debit, replayed };
  }, { livemode: cmd.livemode });
}

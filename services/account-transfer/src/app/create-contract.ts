import { ConflictError, newId, useCase, ValidationError } from '@kessai/platform';
import { validateContract, type ContractInput } from '../domain/contract';
import type { ContractView } from '../domain/views';
import { contractsStore } from '../db/contracts-store';
import type { AccountTransferDeps } from './deps';
import { commandScope } from './scope';

/** Registers a merchant's direct-debit contract with a partner bank. */
export function createContract(deps: AccountTransferDeps, cmd: { requestId: string; livemode: boolean; merchantId: string; input: ContractInput }): Promise<ContractView> {
  return useCase('account_transfer.create_contract', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    if (!cmd.merchantId) throw ValidationError.field('merchant_id', 'required');
    const valid = validateContract(cmd.input);
    const { value: id } = await deps.dataSource.transaction((tx) =>
      deps.idempotency.run(
        tx,
        { scope: commandScope('contract.create', cmd.livemode, cmd.merchantId), key: cmd.requestId, operation: 'contract.create', request: cmd.input, param: 'request_id' },
        async () => {
          const now = deps.clock.now();
          const row = await contractsStore.insert(tx, { ...valid, id: newId('dcc', now.getTime()), livemode: cmd.livemode, merchantId: cmd.merchantId, now });
          if (!row) throw new ConflictError('contract_exists', `requester code ${valid.requesterCode} at ${valid.partner} is already registered`, { field: 'requester_code' });
          return row.id;
        },
      ),
    );
    return (await contractsStore.byId(deps.dataSource, id))!;
  }, { livemode: cmd.livemode });
}

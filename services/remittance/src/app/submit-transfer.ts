import { assertYen, merchantScope, useCase, ValidationError } from '@kessai/platform';
import { normaliseAccount } from '../domain/account';
import type { Transfer } from '../domain/entities';
import { RECIPIENT_TRANSFER_CAP } from '../domain/limits';
import { earliestTransferDate } from '../domain/schedule';
import type { BankAccountInput, TransferPurpose } from '../domain/types';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';
import { scheduleTransfer } from './transfer-support';

export interface SubmitTransfer {
  idempotencyKey: string;
  livemode: boolean;
  merchantId: string;
  purpose?: TransferPurpose;
  account?: BankAccountInput;
  amount: number;
  executionDate: string;
  reference: string;
}

/**
 * Kessai's internal transfer capability (docs/architecture.md#money-flows):
 * a caller (the fees service's payouts) hands over one transfer; it goes into
 * the daily file of its execution date (or the next one not yet cut). The
 * ledger side is the caller's; a transfer to a recipient is capped.
 */
export function submitTransfer(deps: RemittanceDeps, cmd: SubmitTransfer): Promise<{ transfer: Transfer; replayed: boolean }> {
  return useCase('remittance.submit_transfer', async () => {
    if (!cmd.idempotencyKey) throw ValidationError.field('idempotency_key', 'required');
    if (!cmd.merchantId) throw ValidationError.field('merchant_id', 'required');
    if (!cmd.purpose) throw ValidationError.field('purpose', 'required: recipient, deposit_refund or payout');
    assertYen(cmd.amount, 'amount', { min: 1, max: cmd.purpose === 'recipient' ? RECIPIENT_TRANSFER_CAP : undefined });
    const { account, violations } = normaliseAccount(cmd.account);
    if (!account) throw new ValidationError(violations, 'invalid_account');
    const { idempotencyKey, ...request } = cmd;
    const { value, replayed } = await deps.dataSource.transaction((tx) =>
      deps.idempotency.run(tx, { scope: merchantScope('remittance.transfer.submit', cmd.livemode, cmd.merchantId), key: idempotencyKey, operation: 'transfer.submit', request }, async () => {
        const now = deps.clock.now();
        let executionDate: string;
        try {
          executionDate = earliestTransferDate(cmd.executionDate, now, deps.settings.cutoff);
        } catch {
          throw ValidationError.field('execution_date', 'must be a date YYYY-MM-DD');
        }
        const t = await scheduleTransfer(deps, tx, { livemode: cmd.livemode, merchantId: cmd.merchantId, purpose: cmd.purpose!, account, amount: cmd.amount, executionDate, holdId: null, reference: cmd.reference }, now);
        return t.id;
      }),
    );
    if (!replayed) deps.eventsCommitted();
    return { transfer: (await transfersStore.get(deps.dataSource, value))!, replayed };
  }, { livemode: cmd.livemode });
}

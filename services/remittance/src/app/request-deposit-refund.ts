import { assertYen, merchantScope, newId, PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { normaliseAccount } from '../domain/account';
import type { DepositRefund, Scope, Transfer } from '../domain/entities';
import { transferDateFor } from '../domain/schedule';
import type { BankAccountInput } from '../domain/types';
import { moneyOutStore } from '../db/money-out-store';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';
import { tryHold } from './ledger-calls';
import { scheduleTransfer } from './transfer-support';

/**
 * Pays part of the deposit back to the merchant's own account
 * (docs/reference/remittance.md#refund-of-the-deposit-and-reversal): the
 * amount is held at once (short of funds is an error), transferred in the
 * next file, captured on success and released on failure. Not capped: it is
 * not a remittance to a recipient. Billable (400 yen) when the bank reports.
 */
export function requestDepositRefund(deps: RemittanceDeps, cmd: { scope: Scope; requestId: string; amount: number; account?: BankAccountInput }): Promise<{ refund: DepositRefund; transfer: Transfer; replayed: boolean }> {
  return useCase('remittance.request_deposit_refund', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    assertYen(cmd.amount, 'amount', { min: 1 });
    const { account, violations } = normaliseAccount(cmd.account);
    if (!account) throw new ValidationError(violations, 'invalid_account');
    const merchantId = cmd.scope.tenantId || cmd.scope.merchantId;
    const livemode = cmd.scope.livemode;
    const { value, replayed } = await deps.dataSource.transaction((tx) =>
      deps.idempotency.run(
        tx,
        { scope: merchantScope('remittance.deposit_refund', livemode, merchantId), key: cmd.requestId, operation: 'deposit_refund.create', request: { amount: cmd.amount, account }, param: 'request_id' },
        async () => {
          // the hold's key derives from the request: a retry after a crash finds the same hold
          const held = await tryHold(deps, { key: `refund:${merchantId}:${cmd.requestId}:hold`, livemode, merchantId, amount: cmd.amount, reference: `refund:${cmd.requestId}`, description: 'deposit refund' });
          if ('shortfall' in held) throw new PreconditionError('insufficient_funds', `the deposit's available balance is ${held.shortfall.toLocaleString('en')} yen short`, { shortfall: String(held.shortfall) });
          const now = deps.clock.now();
          const id = newId('dpr', now.getTime());
          const t = await scheduleTransfer(deps, tx, { livemode, merchantId, purpose: 'deposit_refund', account, amount: cmd.amount, executionDate: transferDateFor(now, deps.settings.cutoff), holdId: held.holdId, reference: id }, now);
          await moneyOutStore.insertRefund(tx, { id, livemode, merchantId, amount: cmd.amount, holdId: held.holdId, transferId: t.id, createdAt: now });
          return id;
        },
      ),
    );
    if (!replayed) deps.eventsCommitted();
    const refund = (await moneyOutStore.refund(deps.dataSource, value))!;
    return { refund, transfer: (await transfersStore.get(deps.dataSource, refund.transferId))!, replayed };
  }, { livemode: cmd.scope.livemode });
}

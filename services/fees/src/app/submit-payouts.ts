import { tokyoDate } from '@kessai/bank-calendar';
import { remittanceV1, type gatewayV1 } from '@kessai/contracts';
import { DomainError, useCase } from '@kessai/platform';
import { payoutsStore, type PayoutRow } from '../db/payouts-store';
import { submitHorizon, waitingReason, type PayoutAccount } from '../domain/payout';
import type { FeesDeps } from './deps';
import { payoutEvent } from './events';

/** The gateway's payout account as this service keeps it (null when none is set). */
export function accountFromWire(a: gatewayV1.PayoutAccount | undefined): PayoutAccount | null {
  if (!a || !a.bankCode) return null;
  return { bankCode: a.bankCode, branchCode: a.branchCode, accountType: a.accountType, accountNumber: a.accountNumber, holderNameKana: a.holderNameKana };
}

/**
 * The job fees.submit-payouts (docs/reference/fees-and-settlement.md#payouts):
 * each scheduled payout whose statement is on the ledger is handed, from 2
 * bank business days before its payout date (`submitHorizon`), to
 * remittance's TransferService.SubmitTransfer (purpose payout, key from the
 * statement, so a retry after a crash finds the same transfer), to the
 * merchant's payout account as the gateway says now, executed on the payout
 * date. A merchant without a payout account, or one remittance refuses, makes
 * the payout wait (`waiting_reason`); it is submitted by a later run once the
 * account is set. Not capped (a payout is not a remittance to a recipient).
 */
export function submitPayouts(deps: FeesDeps, limit = 200): Promise<{ submitted: number; waiting: number; failed: number }> {
  return useCase('fees.submit_payouts', async () => {
    const result = { submitted: 0, waiting: 0, failed: 0 };
    const horizon = submitHorizon(tokyoDate(deps.clock.now()));
    for (const p of await payoutsStore.toSubmit(deps.dataSource, horizon, limit)) {
      try {
        result[await submit(deps, p)]++;
      } catch (err) {
        result.failed++;
        deps.logger.warn({ payout_id: p.id, err: err instanceof Error ? err.message : String(err) }, 'payout not submitted; retried by the next run');
      }
    }
    return result;
  });
}

async function submit(deps: FeesDeps, p: PayoutRow): Promise<'submitted' | 'waiting'> {
  const { merchant } = await deps.gateway.getMerchant({ merchantId: p.merchantId });
  const account = accountFromWire(merchant?.settings?.payoutAccount);
  const reason = waitingReason(account);
  if (reason || !account) {
    await payoutsStore.setWaiting(deps.dataSource, p.id, reason ?? 'no_payout_account', deps.clock.now());
    return 'waiting';
  }
  let transfer: remittanceV1.Transfer | undefined;
  try {
    ({ transfer } = await deps.transfers.submitTransfer({
      idempotencyKey: `fees-payout:${p.statementId}`,
      livemode: p.livemode,
      merchantId: p.merchantId,
      purpose: remittanceV1.TransferPurpose.TRANSFER_PURPOSE_PAYOUT,
      account: { bankCode: account.bankCode, branchCode: account.branchCode, accountType: account.accountType, accountNumber: account.accountNumber, holderKana: account.holderNameKana, japanPostKigou: '', japanPostBangou: '' },
      amount: p.amount,
      executionDate: p.payoutDate,
      reference: p.statementId,
    }));
  } catch (err) {
    // an account remittance cannot transfer to waits for a corrected one; anything else is retried
    if (err instanceof DomainError && err.kind === 'invalid_argument') {
      await payoutsStore.setWaiting(deps.dataSource, p.id, `invalid_payout_account: ${err.message} ${err.fieldViolations.map((v) => v.field).join(', ')}`.trim().slice(0, 300), deps.clock.now());
      return 'waiting';
    }
    throw err;
  }
  if (!transfer) throw new Error(`payout ${p.id}: remittance answered without a transfer`);
  const now = deps.clock.now();
  const submitted = await deps.dataSource.transaction(async (tx) => {
    if (!(await payoutsStore.markSubmitted(tx, p.id, { transferId: transfer.id, executionDate: transfer.executionDate, account, now }))) return false;
    await deps.outbox.add(tx, [payoutEvent('submitted', (await payoutsStore.get(tx, p.id))!, now)]);
    return true;
  });
  if (submitted) deps.eventsCommitted();
  return 'submitted';
}

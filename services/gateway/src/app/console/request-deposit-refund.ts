import type { remittanceV1 } from '@kessai/contracts';
import { PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { authorize, productScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/**
 * Pays part of the deposit back to the merchant's payout account on record
 * (operators and admins), on the same remittance call as POST
 * /v1/deposit_refunds (docs/console.md, "Remittance"). The console never takes
 * a typed account: the money only goes where the contract says payouts go.
 * `requestId` comes with the form, so a form sent twice refunds once.
 */
export function consoleRequestDepositRefund(deps: ConsoleDeps, actor: ConsoleActor, cmd: { requestId: string; amount: number }): Promise<remittanceV1.DepositRefund> {
  return useCase('gateway.console.request_deposit_refund', async () => {
    authorize(actor, 'remittance.refund');
    if (!/^[\w-]{8,64}$/.test(cmd.requestId)) throw ValidationError.field('request_id', 'missing or malformed; reload the page');
    const p = actor.merchant.settings.payout_account;
    if (!p) throw new PreconditionError('no_payout_account', 'no payout account is on record for this account');
    const { refund, replayed } = await deps.remittance.requestDepositRefund({
      scope: productScope(actor),
      requestId: cmd.requestId,
      amount: cmd.amount,
      account: { bankCode: p.bank_code, branchCode: p.branch_code, accountType: p.account_type, accountNumber: p.account_number, japanPostKigou: '', japanPostBangou: '', holderKana: p.holder_name_kana },
    });
    if (!replayed) await recordAudit(deps, actor, 'deposit_refund.requested', refund!.id, { amount: refund!.amount, transfer: refund!.transferId });
    return refund!;
  });
}

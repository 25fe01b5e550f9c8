import { ledgerV1 } from '@kessai/contracts';
import { isDomainError } from '@kessai/platform';
import type { RemittanceDeps } from './deps';

/** The merchant's deposit account as the ledger names it. */
export function depositAccount(merchantId: string): ledgerV1.AccountRef {
  return { ownerId: merchantId, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT };
}

/** Where money that left through the bank goes: the platform's bank account (its mirror). */
export const PLATFORM_BANK: ledgerV1.AccountRef = { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK };

/**
 * Earmarks `amount` of the merchant's deposit (one ledger hold, idempotent by
 * key). Short of funds: no hold, and the shortfall against the available balance.
 */
export async function tryHold(
  deps: RemittanceDeps,
  h: { key: string; livemode: boolean; merchantId: string; amount: number; reference: string; description: string },
): Promise<{ holdId: string } | { shortfall: number }> {
  try {
    const res = await deps.ledger.createHold({
      idempotencyKey: h.key,
      livemode: h.livemode,
      account: depositAccount(h.merchantId),
      amount: h.amount,
      reference: h.reference,
      description: h.description,
      merchantId: h.merchantId,
    });
    return { holdId: res.hold!.id };
  } catch (err) {
    if (!isDomainError(err, 'insufficient_funds')) throw err;
    const balance = await deps.ledger.getBalance({ livemode: h.livemode, account: depositAccount(h.merchantId) });
    return { shortfall: Math.max(1, h.amount - Math.max(0, balance.balance?.available ?? 0)) };
  }
}

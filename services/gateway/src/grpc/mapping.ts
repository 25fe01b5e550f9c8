import type { gatewayV1 } from '@kessai/contracts';
import { DEFAULT_FEE_PLAN, DEFAULT_SETTLEMENT_CYCLE } from '@kessai/konbini';
import type { ApiKey } from '../domain/api-keys';
import type { MerchantSettings } from '../domain/merchant';

export function settingsFromWire(s: gatewayV1.ContractSettings | undefined): MerchantSettings {
  const p = s?.payoutAccount;
  return {
    enabled_store_chains: s?.enabledStoreChains ?? [],
    // empty: the defaults (docs/reference/fees-and-settlement.md#the-merchant-contract)
    fee_plan: s?.feePlan || DEFAULT_FEE_PLAN,
    settlement_cycle: s?.settlementCycle || DEFAULT_SETTLEMENT_CYCLE,
    payout_account: p
      ? { bank_code: p.bankCode, branch_code: p.branchCode, account_type: p.accountType, account_number: p.accountNumber, holder_name_kana: p.holderNameKana }
      : null,
    // only when set, so merchants' stored settings (and create fingerprints) without them stay as they were
    ...(s?.konbiniReminderDaysBefore ? { konbini_reminder_days_before: s.konbiniReminderDaysBefore } : {}),
    ...(s?.konbiniReceiptNotice ? { konbini_receipt_notice: true } : {}),
  };
}

export function keyToWire(k: ApiKey): gatewayV1.ApiKey {
  return {
    id: k.id,
    merchantId: k.merchant_id,
    livemode: k.livemode,
    prefix: k.prefix,
    createdAt: k.created_at,
    expiresAt: k.revoked_at ?? k.expires_at ?? undefined,
    revoked: k.revoked_at !== null,
  };
}

import type { gatewayV1 } from '@kessai/contracts';
import type { ApiKey } from '../domain/api-keys';
import type { MerchantSettings } from '../domain/merchant';

export function settingsFromWire(s: gatewayV1.ContractSettings | undefined): MerchantSettings {
  const p = s?.payoutAccount;
  return {
    enabled_store_chains: s?.enabledStoreChains ?? [],
    fee_plan: s?.feePlan || 'standard',
    settlement_cycle: s?.settlementCycle || 'monthly_end',
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

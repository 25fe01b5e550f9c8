import type { gatewayV1 } from '@kessai/contracts';
import type { ApiKeyRow, MerchantRow, MerchantSettings } from '../db/merchant-store';

export function merchantToWire(m: MerchantRow): gatewayV1.Merchant {
  const p = m.settings.payout_account;
  return {
    id: m.id,
    name: m.name,
    ownerId: m.owner_id ?? '',
    settings: {
      enabledStoreChains: m.settings.enabled_store_chains,
      feePlan: m.settings.fee_plan,
      settlementCycle: m.settings.settlement_cycle,
      payoutAccount: p
        ? { bankCode: p.bank_code, branchCode: p.branch_code, accountType: p.account_type, accountNumber: p.account_number, holderNameKana: p.holder_name_kana }
        : undefined,
    },
    testVirtualAccountNumber: m.test_virtual_account_number,
    liveVirtualAccountNumber: m.live_virtual_account_number,
    createdAt: m.created_at,
  };
}

export function settingsFromWire(s: gatewayV1.ContractSettings | undefined): MerchantSettings {
  const p = s?.payoutAccount;
  return {
    enabled_store_chains: s?.enabledStoreChains ?? [],
    fee_plan: s?.feePlan || 'standard',
    settlement_cycle: s?.settlementCycle || 'monthly_end',
    payout_account: p
      ? { bank_code: p.bankCode, branch_code: p.branchCode, account_type: p.accountType, account_number: p.accountNumber, holder_name_kana: p.holderNameKana }
      : null,
  };
}

export function keyToWire(k: ApiKeyRow): gatewayV1.ApiKey {
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

import type { gatewayV1 } from '@kessai/contracts';
import type { Merchant } from '../domain/merchant';

/** A merchant as the gRPC API and the gateway.merchant.* events carry it. */
export function merchantToWire(m: Merchant): gatewayV1.Merchant {
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
      konbiniReminderDaysBefore: m.settings.konbini_reminder_days_before ?? 0,
      konbiniReceiptNotice: m.settings.konbini_receipt_notice ?? false,
    },
    testVirtualAccountNumber: m.test_virtual_account_number,
    liveVirtualAccountNumber: m.live_virtual_account_number,
    createdAt: m.created_at,
    contactEmails: m.contact_emails ?? [],
  };
}

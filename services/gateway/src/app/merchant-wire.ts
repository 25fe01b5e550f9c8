import { tokyoDate } from '@kessai/bank-calendar';
import type { gatewayV1 } from '@kessai/contracts';
import { termsOn, type Merchant } from '../domain/merchant';

/**
 * A merchant as the gRPC API and the gateway.merchant.* events carry it: the
 * settings with the plan and cycle in force at `at`, and every dated term.
 */
export function merchantToWire(m: Merchant, at: Date): gatewayV1.Merchant {
  const p = m.settings.payout_account;
  const terms = termsOn(m.contract_terms, tokyoDate(at));
  return {
    id: m.id,
    name: m.name,
    ownerId: m.owner_id ?? '',
    settings: {
      enabledStoreChains: m.settings.enabled_store_chains,
      feePlan: terms.fee_plan,
      settlementCycle: terms.settlement_cycle,
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
    contractTerms: m.contract_terms.map((t) => ({ feePlan: t.fee_plan, settlementCycle: t.settlement_cycle, effectiveFrom: t.effective_from })),
    testInvoiceAccountNumber: m.test_invoice_account_number,
    liveInvoiceAccountNumber: m.live_invoice_account_number,
  };
}

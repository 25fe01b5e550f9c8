import { remittanceV1 as w } from '@kessai/contracts';
import { z } from 'zod';
import type { Principal } from '../../app/authenticate';
import type { Merchant } from '../../domain/merchant';

/**
 * REST names and shapes of the remittance contract (docs/reference/remittance.md),
 * shared by the remittance routes. The wire values come from the generated contracts.
 */
function names<N extends string>(m: Record<N, number>) {
  const byValue = new Map(Object.entries(m).map(([k, v]) => [v as number, k as N]));
  return { all: Object.keys(m) as [N, ...N[]], of: (v: number): N => byValue.get(v)!, to: (n: N) => m[n] };
}

export const CHANNEL = names({ email: w.Channel.CHANNEL_EMAIL, postcard: w.Channel.CHANNEL_POSTCARD, phone: w.Channel.CHANNEL_PHONE });
export const MODE = names({ full_service: w.OrderMode.ORDER_MODE_FULL_SERVICE, transfer_only: w.OrderMode.ORDER_MODE_TRANSFER_ONLY });
export const ORDER_STATUS = names({
  draft: w.OrderStatus.ORDER_STATUS_DRAFT,
  approving: w.OrderStatus.ORDER_STATUS_APPROVING,
  waiting_for_funds: w.OrderStatus.ORDER_STATUS_WAITING_FOR_FUNDS,
  funded: w.OrderStatus.ORDER_STATUS_FUNDED,
  closed: w.OrderStatus.ORDER_STATUS_CLOSED,
  cancelled: w.OrderStatus.ORDER_STATUS_CANCELLED,
});
export const RECIPIENT_STATUS = names({
  pending: w.RecipientStatus.RECIPIENT_STATUS_PENDING,
  awaiting_registration: w.RecipientStatus.RECIPIENT_STATUS_AWAITING_REGISTRATION,
  waiting_for_funds: w.RecipientStatus.RECIPIENT_STATUS_WAITING_FOR_FUNDS,
  held_for_review: w.RecipientStatus.RECIPIENT_STATUS_HELD_FOR_REVIEW,
  scheduled: w.RecipientStatus.RECIPIENT_STATUS_SCHEDULED,
  sent: w.RecipientStatus.RECIPIENT_STATUS_SENT,
  paid: w.RecipientStatus.RECIPIENT_STATUS_PAID,
  failed: w.RecipientStatus.RECIPIENT_STATUS_FAILED,
  cancelled: w.RecipientStatus.RECIPIENT_STATUS_CANCELLED,
  expired: w.RecipientStatus.RECIPIENT_STATUS_EXPIRED,
});
export const TRANSFER_STATUS = names({
  scheduled: w.TransferStatus.TRANSFER_STATUS_SCHEDULED,
  in_file: w.TransferStatus.TRANSFER_STATUS_IN_FILE,
  sent: w.TransferStatus.TRANSFER_STATUS_SENT,
  succeeded: w.TransferStatus.TRANSFER_STATUS_SUCCEEDED,
  failed: w.TransferStatus.TRANSFER_STATUS_FAILED,
  reversed: w.TransferStatus.TRANSFER_STATUS_REVERSED,
});
export const TRANSFER_PURPOSE = names({
  recipient: w.TransferPurpose.TRANSFER_PURPOSE_RECIPIENT,
  deposit_refund: w.TransferPurpose.TRANSFER_PURPOSE_DEPOSIT_REFUND,
  payout: w.TransferPurpose.TRANSFER_PURPOSE_PAYOUT,
});

/**
 * Which objects a request sees: the acting merchant's own; an owner acting as
 * itself also sees its tenants' (optionally narrowed to one with `tenant`).
 * Another merchant's object is a 404.
 */
export function remittanceScope(principal: Principal, merchant: Merchant, livemode: boolean, tenant?: string): w.Scope {
  const self = merchant.id === principal.merchant.id;
  return { livemode, merchantId: merchant.id, includeTenants: self, tenantId: self ? (tenant ?? '') : '' };
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

export const postalAddressSchema = z
  .object({
    postal_code: z.string().max(10).describe('123-4567'),
    prefecture: z.string().max(10),
    city: z.string().max(100),
    line1: z.string().max(200),
    line2: z.string().max(200).optional(),
  })
  .meta({ id: 'PostalAddress' });

export const bankAccountInputSchema = z
  .strictObject({
    bank_code: z.string().max(4).optional().describe('4 digits; 9900 (or empty) with japan_post_kigou/bangou for Japan Post Bank.'),
    branch_code: z.string().max(3).optional().describe('3 digits.'),
    account_type: z.enum(['ordinary', 'current', 'savings', 'other']).optional().describe('Default ordinary (普通).'),
    account_number: z.string().max(7).optional().describe('Up to 7 digits.'),
    japan_post_kigou: z.string().max(6).optional().describe('Japan Post Bank 記号 (5 digits).'),
    japan_post_bangou: z.string().max(8).optional().describe('Japan Post Bank 番号 (up to 8 digits).'),
    holder_kana: z.string().max(60).describe('Holder name in kana (full-width, hiragana or half-width; normalised to bank kana).'),
  })
  .meta({ id: 'BankAccountInput' });

const ACCOUNT_TYPE = { ordinary: 1, current: 2, savings: 4, other: 9 } as const;
const ACCOUNT_TYPE_NAME: Record<number, keyof typeof ACCOUNT_TYPE> = { 1: 'ordinary', 2: 'current', 4: 'savings', 9: 'other' };

export function accountFromRest(a: z.infer<typeof bankAccountInputSchema> | undefined): w.BankAccountInput | undefined {
  if (!a) return undefined;
  return {
    bankCode: a.bank_code ?? '',
    branchCode: a.branch_code ?? '',
    accountType: ACCOUNT_TYPE[a.account_type ?? 'ordinary'],
    accountNumber: a.account_number ?? '',
    japanPostKigou: a.japan_post_kigou ?? '',
    japanPostBangou: a.japan_post_bangou ?? '',
    holderKana: a.holder_kana,
  };
}

export const bankAccountSchema = z
  .object({
    bank_code: z.string(),
    bank_name: z.string(),
    branch_code: z.string(),
    branch_name: z.string(),
    account_type: z.enum(['ordinary', 'current', 'savings', 'other']),
    account_number: z.string().describe('Masked but the last 3 digits.'),
    holder_kana: z.string().describe('Half-width bank kana (振込カナ).'),
  })
  .meta({ id: 'BankAccount' });

export function accountToRest(a: w.BankAccount | undefined) {
  if (!a) return null;
  return {
    bank_code: a.bankCode,
    bank_name: a.bankName,
    branch_code: a.branchCode,
    branch_name: a.branchName,
    account_type: ACCOUNT_TYPE_NAME[a.accountType] ?? 'other',
    account_number: a.accountNumber,
    holder_kana: a.holderKana,
  };
}

export const orderSchema = z
  .object({
    id: z.string(),
    object: z.literal('remittance_order'),
    livemode: z.boolean(),
    account: z.string().describe('The merchant (or tenant) the order belongs to.'),
    status: z.enum(ORDER_STATUS.all),
    purpose: z.string(),
    default_message: z.string(),
    guide_text: z.string(),
    channels: z.array(z.enum(CHANNEL.all)),
    mode: z.enum(MODE.all),
    registration_deadline: z.string().nullable().describe('Tokyo date; set on approval (default 90 days later).'),
    postcard_after_days: z.number().int(),
    phone_after_days: z.number().int(),
    reference: z.string(),
    recipient_count: z.number().int(),
    total_amount: z.number().int(),
    currency: z.literal('jpy'),
    shortfall_amount: z.number().int().describe('What the deposit lacks while waiting for funds; 0 otherwise.'),
    paid_count: z.number().int(),
    paid_amount: z.number().int(),
    failed_count: z.number().int(),
    expired_count: z.number().int(),
    cancelled_count: z.number().int(),
    created: z.string(),
    approved_at: z.string().nullable(),
    funded_at: z.string().nullable(),
    closed_at: z.string().nullable().describe('When every recipient was paid, cancelled or expired; the retention clock starts here.'),
    cancelled_at: z.string().nullable(),
  })
  .meta({ id: 'RemittanceOrder' });

export function orderToRest(o: w.Order | undefined) {
  const s = o!.settings!;
  return {
    id: o!.id,
    object: 'remittance_order' as const,
    livemode: o!.livemode,
    account: o!.merchantId,
    status: ORDER_STATUS.of(o!.status),
    purpose: s.purpose,
    default_message: s.defaultMessage,
    guide_text: o!.guideText,
    channels: s.channels.map(CHANNEL.of),
    mode: MODE.of(s.mode),
    registration_deadline: o!.registrationDeadline || s.registrationDeadline || null,
    postcard_after_days: s.postcardAfterDays || 7,
    phone_after_days: s.phoneAfterDays || 14,
    reference: o!.reference,
    recipient_count: o!.recipientCount,
    total_amount: o!.totalAmount,
    currency: 'jpy' as const,
    shortfall_amount: o!.shortfallAmount,
    paid_count: o!.paidCount,
    paid_amount: o!.paidAmount,
    failed_count: o!.failedCount,
    expired_count: o!.expiredCount,
    cancelled_count: o!.cancelledCount,
    created: iso(o!.createdAt)!,
    approved_at: iso(o!.approvedAt),
    funded_at: iso(o!.fundedAt),
    closed_at: iso(o!.closedAt),
    cancelled_at: iso(o!.cancelledAt),
  };
}

export const recipientSchema = z
  .object({
    id: z.string(),
    object: z.literal('remittance_recipient'),
    livemode: z.boolean(),
    order: z.string(),
    row_number: z.number().int().describe('1-based position in the order (upload order).'),
    status: z.enum(RECIPIENT_STATUS.all),
    name: z.string(),
    name_kana: z.string(),
    amount: z.number().int(),
    email: z.string(),
    phone: z.string(),
    postal_address: postalAddressSchema.nullable(),
    reference: z.string(),
    account: bankAccountSchema.nullable(),
    transfer: z.string().nullable(),
    transfer_date: z.string().nullable().describe('Tokyo date of the scheduled transfer.'),
    transfer_attempts: z.number().int(),
    failure_code: z.string().nullable().describe('The bank\'s reason when the last transfer failed.'),
    contacted_channels: z.array(z.enum(CHANNEL.all)),
    last_contacted_at: z.string().nullable(),
    registered_at: z.string().nullable(),
    paid_at: z.string().nullable(),
    personal_data_deleted: z.boolean().describe('True once the personal data were deleted (10 years after the order closed).'),
  })
  .meta({ id: 'RemittanceRecipient' });

export function recipientToRest(r: w.Recipient | undefined) {
  const a = r!.postalAddress;
  return {
    id: r!.id,
    object: 'remittance_recipient' as const,
    livemode: r!.livemode,
    order: r!.orderId,
    row_number: r!.rowNumber,
    status: RECIPIENT_STATUS.of(r!.status),
    name: r!.name,
    name_kana: r!.nameKana,
    amount: r!.amount,
    email: r!.email,
    phone: r!.phone,
    postal_address: a && (a.postalCode || a.line1) ? { postal_code: a.postalCode, prefecture: a.prefecture, city: a.city, line1: a.line1, line2: a.line2 } : null,
    reference: r!.reference,
    account: accountToRest(r!.account),
    transfer: r!.transferId || null,
    transfer_date: r!.transferDate || null,
    transfer_attempts: r!.transferAttempts,
    failure_code: r!.failureCode || null,
    contacted_channels: r!.contactedChannels.map(CHANNEL.of),
    last_contacted_at: iso(r!.lastContactedAt),
    registered_at: iso(r!.registeredAt),
    paid_at: iso(r!.paidAt),
    personal_data_deleted: r!.personalDataDeleted,
  };
}

export const transferSchema = z
  .object({
    id: z.string(),
    object: z.literal('transfer'),
    livemode: z.boolean(),
    purpose: z.enum(TRANSFER_PURPOSE.all),
    status: z.enum(TRANSFER_STATUS.all),
    amount: z.number().int(),
    currency: z.literal('jpy'),
    account: bankAccountSchema.nullable(),
    execution_date: z.string().describe('Tokyo date the bank executes it.'),
    failure_code: z.string().nullable(),
    reference: z.string().describe('The recipient, deposit refund or payout it pays.'),
    created: z.string(),
    sent_at: z.string().nullable(),
    settled_at: z.string().nullable(),
  })
  .meta({ id: 'Transfer' });

export function transferToRest(t: w.Transfer | undefined) {
  return {
    id: t!.id,
    object: 'transfer' as const,
    livemode: t!.livemode,
    purpose: TRANSFER_PURPOSE.of(t!.purpose),
    status: TRANSFER_STATUS.of(t!.status),
    amount: t!.amount,
    currency: 'jpy' as const,
    account: accountToRest(t!.account),
    execution_date: t!.executionDate,
    failure_code: t!.failureCode || null,
    reference: t!.reference,
    created: iso(t!.createdAt)!,
    sent_at: iso(t!.sentAt),
    settled_at: iso(t!.settledAt),
  };
}

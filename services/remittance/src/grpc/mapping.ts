import { remittanceV1 as w } from '@kessai/contracts';
import type { CsvEncoding } from '@kessai/platform';
import type { DepositRefund, Order, Recipient, Reversal, Scope, Transfer } from '../domain/entities';
import { maskAccountNumber } from '../domain/account';
import type { BankAccount, BankAccountInput, Channel, OrderMode, OrderSettings, OrderStatus, RecipientInput, RecipientStatus, TransferPurpose, TransferStatus } from '../domain/types';
import type { OrderView } from '../app/views';
import type { RegistrationState } from '../app/open-registration';

function invert<K extends string, V extends number>(m: Record<K, V>): Map<V, K> {
  return new Map(Object.entries(m).map(([k, v]) => [v as V, k as K]));
}

const CHANNEL: Record<Channel, w.Channel> = { email: w.Channel.CHANNEL_EMAIL, postcard: w.Channel.CHANNEL_POSTCARD, phone: w.Channel.CHANNEL_PHONE };
const CHANNEL_IN = invert(CHANNEL);
const MODE: Record<OrderMode, w.OrderMode> = { full_service: w.OrderMode.ORDER_MODE_FULL_SERVICE, transfer_only: w.OrderMode.ORDER_MODE_TRANSFER_ONLY };
const MODE_IN = invert(MODE);
const ORDER_STATUS: Record<OrderStatus, w.OrderStatus> = {
  draft: w.OrderStatus.ORDER_STATUS_DRAFT,
  approving: w.OrderStatus.ORDER_STATUS_APPROVING,
  waiting_for_funds: w.OrderStatus.ORDER_STATUS_WAITING_FOR_FUNDS,
  funded: w.OrderStatus.ORDER_STATUS_FUNDED,
  closed: w.OrderStatus.ORDER_STATUS_CLOSED,
  cancelled: w.OrderStatus.ORDER_STATUS_CANCELLED,
};
const ORDER_STATUS_IN = invert(ORDER_STATUS);
const RECIPIENT_STATUS: Record<RecipientStatus, w.RecipientStatus> = {
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
};
const RECIPIENT_STATUS_IN = invert(RECIPIENT_STATUS);
const PURPOSE: Record<TransferPurpose, w.TransferPurpose> = {
  recipient: w.TransferPurpose.TRANSFER_PURPOSE_RECIPIENT,
  deposit_refund: w.TransferPurpose.TRANSFER_PURPOSE_DEPOSIT_REFUND,
  payout: w.TransferPurpose.TRANSFER_PURPOSE_PAYOUT,
};
const PURPOSE_IN = invert(PURPOSE);
const TRANSFER_STATUS: Record<TransferStatus, w.TransferStatus> = {
  scheduled: w.TransferStatus.TRANSFER_STATUS_SCHEDULED,
  in_file: w.TransferStatus.TRANSFER_STATUS_IN_FILE,
  sent: w.TransferStatus.TRANSFER_STATUS_SENT,
  succeeded: w.TransferStatus.TRANSFER_STATUS_SUCCEEDED,
  failed: w.TransferStatus.TRANSFER_STATUS_FAILED,
  reversed: w.TransferStatus.TRANSFER_STATUS_REVERSED,
};
const REG_STATE: Record<RegistrationState, w.RegistrationState> = {
  code_required: w.RegistrationState.REGISTRATION_STATE_CODE_REQUIRED,
  locked: w.RegistrationState.REGISTRATION_STATE_LOCKED,
  expired: w.RegistrationState.REGISTRATION_STATE_EXPIRED,
  closed: w.RegistrationState.REGISTRATION_STATE_CLOSED,
};

export const orderStatusFromWire = (s: w.OrderStatus): OrderStatus | undefined => ORDER_STATUS_IN.get(s);
export const recipientStatusFromWire = (s: w.RecipientStatus): RecipientStatus | undefined => RECIPIENT_STATUS_IN.get(s);
export const purposeFromWire = (p: w.TransferPurpose): TransferPurpose | undefined => PURPOSE_IN.get(p);
export const registrationStateToWire = (s: RegistrationState): w.RegistrationState => REG_STATE[s];
export const recipientStatusToWire = (s: RecipientStatus): w.RecipientStatus => RECIPIENT_STATUS[s];

export function scopeFromWire(s: w.Scope | undefined): Scope {
  return { livemode: s?.livemode ?? false, merchantId: s?.merchantId ?? '', includeTenants: s?.includeTenants ?? false, tenantId: s?.tenantId ?? '' };
}

export function settingsFromWire(s: w.OrderSettings | undefined): Partial<OrderSettings> {
  return {
    purpose: s?.purpose,
    defaultMessage: s?.defaultMessage,
    channels: (s?.channels ?? []).map((c) => CHANNEL_IN.get(c) ?? (String(c) as Channel)),
    mode: s?.mode ? MODE_IN.get(s.mode) : undefined,
    registrationDeadline: s?.registrationDeadline,
    postcardAfterDays: s?.postcardAfterDays,
    phoneAfterDays: s?.phoneAfterDays,
  };
}

export function accountInputFromWire(a: w.BankAccountInput | undefined): BankAccountInput | undefined {
  if (!a) return undefined;
  return { bankCode: a.bankCode, branchCode: a.branchCode, accountType: a.accountType || undefined, accountNumber: a.accountNumber, japanPostKigou: a.japanPostKigou, japanPostBangou: a.japanPostBangou, holderKana: a.holderKana };
}

export function recipientInputFromWire(r: w.RecipientInput): RecipientInput {
  return { name: r.name, nameKana: r.nameKana, amount: r.amount, email: r.email, phone: r.phone, postalAddress: r.postalAddress, reference: r.reference, account: accountInputFromWire(r.account) };
}

/** undefined: detect (UTF-8 when the bytes are valid UTF-8, else Shift_JIS). */
export function csvEncodingFromWire(e: w.CsvEncoding): CsvEncoding | undefined {
  return e === w.CsvEncoding.CSV_ENCODING_UTF8 ? 'utf-8' : e === w.CsvEncoding.CSV_ENCODING_SHIFT_JIS ? 'shift_jis' : undefined;
}

export function accountToWire(a: BankAccount | null, masked = true): w.BankAccount | undefined {
  if (!a || !a.accountNumber) return undefined;
  return { bankCode: a.bankCode, branchCode: a.branchCode, accountType: Number(a.accountType), accountNumber: masked ? maskAccountNumber(a.accountNumber) : a.accountNumber, holderKana: a.holderKana, bankName: a.bankName, branchName: a.branchName };
}

const d = (x: Date | null | undefined) => x ?? undefined;

export function orderToWire(v: OrderView): w.Order {
  const o: Order = v.order;
  const n = (s: RecipientStatus) => v.counts.byStatus[s] ?? 0;
  return {
    id: o.id,
    livemode: o.livemode,
    merchantId: o.merchantId,
    ownerId: o.ownerId,
    merchantName: o.merchantName,
    settings: {
      purpose: o.settings.purpose,
      defaultMessage: o.settings.defaultMessage,
      channels: o.settings.channels.map((c) => CHANNEL[c]),
      mode: MODE[o.settings.mode],
      registrationDeadline: o.settings.registrationDeadline,
      postcardAfterDays: o.settings.postcardAfterDays,
      phoneAfterDays: o.settings.phoneAfterDays,
    },
    guideText: o.guideText,
    status: ORDER_STATUS[o.status],
    recipientCount: o.recipientCount,
    totalAmount: o.totalAmount,
    shortfallAmount: o.shortfallAmount,
    holdId: o.holdId ?? '',
    registrationDeadline: o.registrationDeadline ?? '',
    createdAt: o.createdAt,
    approvedAt: d(o.approvedAt),
    fundedAt: d(o.fundedAt),
    closedAt: d(o.closedAt),
    cancelledAt: d(o.cancelledAt),
    paidCount: n('paid'),
    paidAmount: v.counts.paidAmount,
    failedCount: n('failed'),
    expiredCount: n('expired'),
    cancelledCount: n('cancelled'),
    reference: o.reference,
  };
}

export function recipientToWire(r: Recipient): w.Recipient {
  return {
    id: r.id,
    orderId: r.orderId,
    livemode: r.livemode,
    rowNumber: r.rowNumber,
    name: r.name,
    nameKana: r.nameKana,
    amount: r.amount,
    email: r.email,
    phone: r.phone,
    postalAddress: r.postalAddress ?? undefined,
    reference: r.reference,
    status: RECIPIENT_STATUS[r.status],
    account: accountToWire(r.account),
    transferId: r.transferId ?? '',
    failureCode: r.failureCode,
    transferDate: r.transferDate ?? '',
    transferAttempts: r.transferAttempts,
    registeredAt: d(r.registeredAt),
    paidAt: d(r.paidAt),
    lastContactedAt: d(r.lastContactedAt),
    contactedChannels: r.contactedChannels.map((c) => CHANNEL[c]),
    personalDataDeleted: Boolean(r.personalDataDeletedAt),
  };
}

export function transferToWire(t: Transfer): w.Transfer {
  return {
    id: t.id,
    livemode: t.livemode,
    merchantId: t.merchantId,
    purpose: PURPOSE[t.purpose],
    status: TRANSFER_STATUS[t.status],
    account: accountToWire(t.account),
    amount: t.amount,
    executionDate: t.executionDate,
    fileId: t.fileId ?? '',
    recordNumber: t.recordNumber ?? 0,
    bankReference: t.bankReference,
    failureCode: t.failureCode,
    reference: t.reference,
    createdAt: t.createdAt,
    sentAt: d(t.sentAt),
    settledAt: d(t.settledAt),
  };
}

export function refundToWire(r: DepositRefund, t: Transfer): w.DepositRefund {
  const status = t.status === 'in_file' ? 'scheduled' : t.status;
  return { id: r.id, livemode: r.livemode, merchantId: r.merchantId, amount: r.amount, account: accountToWire(t.account), transferId: t.id, status, createdAt: r.createdAt };
}

export function reversalToWire(r: Reversal): w.Reversal {
  return { id: r.id, livemode: r.livemode, merchantId: r.merchantId, transferId: r.transferId, amount: r.amount, status: r.status, createdAt: r.createdAt, completedAt: d(r.completedAt) };
}

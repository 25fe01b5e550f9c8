import { ValidationError } from '@kessai/platform';

/**
 * Account types and how low each balance may go. Merchant accounts exist per
 * merchant and mode; platform accounts per mode, owned by "platform". Signs:
 * what Kessai owes (a merchant's money, revenue, tax payable) is positive, what
 * it has or is owed (the bank, the store receivable, fees receivable) goes
 * negative — docs/reference/fees-and-settlement.md#ledger-accounts.
 */
export const ACCOUNT_TYPES = {
  deposit: { floor: 'available_non_negative', platform: false },
  collections: { floor: 'unbounded', platform: false },
  payouts_in_transit: { floor: 'available_non_negative', platform: false },
  fees: { floor: 'unbounded', platform: false },
  /** per merchant: invoiced fees (and their tax) not yet paid; negative while owed */
  fees_receivable: { floor: 'unbounded', platform: false },
  platform_bank: { floor: 'unbounded', platform: true },
  platform_store_receivable: { floor: 'unbounded', platform: true },
  platform_fee_revenue: { floor: 'unbounded', platform: true },
  /** stamp duty payable (the revenue-stamp charges deducted from payouts) */
  platform_stamp_duty: { floor: 'unbounded', platform: true },
  /** consumption tax payable on fees */
  platform_tax_payable: { floor: 'unbounded', platform: true },
} as const;

export type AccountType = keyof typeof ACCOUNT_TYPES;
export type FloorRule = (typeof ACCOUNT_TYPES)[AccountType]['floor'];
export const PLATFORM_OWNER = 'platform';

export interface AccountKey {
  livemode: boolean;
  ownerId: string;
  type: AccountType;
}

/** Deterministic, readable account id: `test:mer_123:deposit`. No lookup needed. */
export function accountId(key: AccountKey): string {
  return `${key.livemode ? 'live' : 'test'}:${key.ownerId}:${key.type}`;
}

export function parseAccountId(id: string): AccountKey {
  const [mode, ownerId, type] = id.split(':');
  return { livemode: mode === 'live', ownerId, type: type as AccountType };
}

export function floorRule(type: AccountType): FloorRule {
  return ACCOUNT_TYPES[type].floor;
}

export function isAccountType(value: string): value is AccountType {
  return Object.prototype.hasOwnProperty.call(ACCOUNT_TYPES, value);
}

export interface AccountRef {
  ownerId: string;
  type: string;
}

/** The account a request names (`account.owner_id`, `account.type`), or a ValidationError naming the field. */
export function resolveAccount(livemode: boolean, ref: AccountRef | undefined, field = 'account'): string {
  if (!ref || !ref.ownerId) throw ValidationError.field(`${field}.owner_id`, 'required');
  if (!isAccountType(ref.type)) throw ValidationError.field(`${field}.type`, 'unknown account type');
  return accountId({ livemode, ownerId: ref.ownerId, type: ref.type });
}

/** An account funds can be held on: only one with a floor (holds guard the available balance). */
export function holdableAccount(livemode: boolean, ref: AccountRef | undefined, field: string): string {
  const id = resolveAccount(livemode, ref, field);
  const type = parseAccountId(id).type;
  if (floorRule(type) === 'unbounded') throw ValidationError.field(`${field}.type`, `funds cannot be held on a ${type} account`);
  return id;
}

import { ledgerV1 } from '@kessai/contracts';
import { ValidationError } from '@kessai/platform';
import { AccountRef, parseAccountId } from '../domain/accounts';
import type { Balance } from '../domain/balances';
import type { Entry } from '../domain/entries';
import { Hold, remaining } from '../domain/hold';
import type { StoreSettlement } from '../domain/store-settlement';
import type { PostedTransaction, PostInput } from '../domain/transaction';

const PREFIX = 'ACCOUNT_TYPE_';

/** ACCOUNT_TYPE_PLATFORM_BANK -> platform_bank; UNSPECIFIED -> '' (rejected by validation). */
export function typeFromWire(type: ledgerV1.AccountType | undefined): string {
  if (type === undefined || type === ledgerV1.AccountType.ACCOUNT_TYPE_UNSPECIFIED) return '';
  const name = ledgerV1.AccountType[type];
  return typeof name === 'string' ? name.slice(PREFIX.length).toLowerCase() : '';
}

export function typeToWire(type: string): ledgerV1.AccountType {
  const value = (ledgerV1.AccountType as unknown as Record<string, number>)[`${PREFIX}${type.toUpperCase()}`];
  return value ?? ledgerV1.AccountType.ACCOUNT_TYPE_UNSPECIFIED;
}

export function accountRefFromWire(ref: ledgerV1.AccountRef | undefined): AccountRef | undefined {
  return ref ? { ownerId: ref.ownerId, type: typeFromWire(ref.type) } : undefined;
}

export function accountRefToWire(accountId: string): ledgerV1.AccountRef {
  const a = parseAccountId(accountId);
  return { ownerId: a.ownerId, type: typeToWire(a.type) };
}

export function postInputFromWire(req: ledgerV1.PostRequest): PostInput {
  return {
    idempotencyKey: req.idempotencyKey,
    livemode: req.livemode,
    kind: req.kind,
    description: req.description,
    merchantId: req.merchantId,
    metadata: req.metadata ?? {},
    postings: (req.postings ?? []).map((p) => ({ ownerId: p.account?.ownerId ?? '', type: typeFromWire(p.account?.type), amount: p.amount })),
  };
}

export function transactionToWire(t: PostedTransaction): ledgerV1.Transaction {
  return {
    id: t.id,
    idempotencyKey: t.idempotencyKey,
    livemode: t.livemode,
    kind: t.kind,
    description: t.description,
    postings: t.postings.map((p) => ({ account: accountRefToWire(p.accountId), amount: p.amount })),
    metadata: t.metadata,
    postedAt: t.postedAt,
    merchantId: t.merchantId,
    reversesTransactionId: t.reversesTransactionId,
  };
}

export function holdToWire(h: Hold): ledgerV1.Hold {
  const left = remaining(h);
  return {
    id: h.id,
    livemode: h.livemode,
    account: accountRefToWire(h.accountId),
    amount: h.amount,
    capturedAmount: h.captured,
    releasedAmount: h.released,
    remainingAmount: left,
    status: left > 0 ? ledgerV1.HoldStatus.HOLD_STATUS_OPEN : ledgerV1.HoldStatus.HOLD_STATUS_CLOSED,
    reference: h.reference,
    description: h.description,
    merchantId: h.merchantId,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  };
}

export function balanceToWire(b: Balance, livemode: boolean): ledgerV1.Balance {
  return { account: accountRefToWire(b.accountId), livemode, total: b.total, held: b.held, available: b.available, asOf: b.asOf };
}

export function entryToWire(e: Entry): ledgerV1.Entry {
  return { postingId: e.postingId, transactionId: e.transactionId, amount: e.amount, kind: e.kind, description: e.description, postedAt: e.postedAt, metadata: e.metadata };
}

export function batchModeFromWire(mode: ledgerV1.BatchMode): 'atomic' | 'per_item' {
  if (mode === ledgerV1.BatchMode.BATCH_MODE_ATOMIC) return 'atomic';
  if (mode === ledgerV1.BatchMode.BATCH_MODE_PER_ITEM) return 'per_item';
  throw ValidationError.field('mode', 'BATCH_MODE_ATOMIC or BATCH_MODE_PER_ITEM');
}

const SETTLEMENT_STATUS = {
  matched: ledgerV1.StoreSettlementStatus.STORE_SETTLEMENT_STATUS_MATCHED,
  mismatch: ledgerV1.StoreSettlementStatus.STORE_SETTLEMENT_STATUS_MISMATCH,
  unknown_period: ledgerV1.StoreSettlementStatus.STORE_SETTLEMENT_STATUS_UNKNOWN_PERIOD,
};

export function storeSettlementToWire(s: StoreSettlement): ledgerV1.StoreSettlement {
  return {
    id: s.id, livemode: s.livemode, chain: s.chain, periodFrom: s.period?.from ?? '', periodTo: s.period?.to ?? '', amount: s.amount, expected: s.expected,
    difference: s.difference, status: SETTLEMENT_STATUS[s.status], transactionId: s.transactionId, depositId: s.depositId, receivedOn: s.receivedOn ?? '',
    ediInfo: s.ediInfo, bookedAt: s.bookedAt,
  };
}

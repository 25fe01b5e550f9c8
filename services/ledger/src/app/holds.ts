import { assertYen, DomainEvent, newId, NotFoundError, PreconditionError, QueryRunner, ValidationError, yenFromDb } from '@kessai/platform';
import { ledgerEventsV1 } from '@kessai/contracts';
import { accountId, floorRule, isAccountType, parseAccountId, AccountType } from '../domain/accounts';
import { MAX_POSTING_AMOUNT, validatePost } from '../domain/transaction';
import type { StoredTransaction } from '../db/ledger-store';
import type { LedgerDeps } from './deps';
import { idempotentCommand } from './idempotent-command';

export interface HoldView {
  id: string;
  livemode: boolean;
  accountId: string;
  merchantId: string;
  amount: number;
  captured: number;
  released: number;
  reference: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

export const remaining = (h: HoldView): number => h.amount - h.captured - h.released;

interface AccountInput {
  ownerId: string;
  type: string;
}

function holdableAccount(livemode: boolean, ref: AccountInput | undefined, field: string): string {
  if (!ref || !ref.ownerId) throw ValidationError.field(`${field}.owner_id`, 'required');
  if (!isAccountType(ref.type)) throw ValidationError.field(`${field}.type`, 'unknown account type');
  if (floorRule(ref.type) === 'unbounded') throw ValidationError.field(`${field}.type`, `funds cannot be held on a ${ref.type} account`);
  return accountId({ livemode, ownerId: ref.ownerId, type: ref.type as AccountType });
}

function holdEvent(type: string, hold: HoldView, payloadType: string, payload: Uint8Array, now: Date): DomainEvent {
  return { type, aggregateId: hold.id, merchantId: hold.merchantId, livemode: hold.livemode, occurredAt: now, payloadType, payload };
}

function eventAccount(id: string) {
  const a = parseAccountId(id);
  return { ownerId: a.ownerId, type: a.type };
}

/** Earmarks part of the available balance; fails with insufficient_funds (and writes nothing) when it is short. */
export async function createHold(
  deps: LedgerDeps,
  input: { idempotencyKey: string; livemode: boolean; account?: AccountInput; amount: number; reference: string; description: string; merchantId: string },
): Promise<{ value: HoldView; replayed: boolean }> {
  if (!input.idempotencyKey) throw ValidationError.field('idempotency_key', 'required');
  const account = holdableAccount(input.livemode, input.account, 'account');
  assertYen(input.amount, 'amount', { min: 1, max: MAX_POSTING_AMOUNT });
  const { idempotencyKey, ...request } = input;
  return idempotentCommand(deps, { livemode: input.livemode, idempotencyKey, operation: 'hold.create', request }, async (q) => {
    const now = deps.clock.now();
    const { outcomes } = await deps.store.applyGroups(q, [{ commands: [], heldChanges: [{ accountId: account, totalDelta: 0, heldDelta: input.amount }] }], now);
    if (!outcomes[0].ok) throw outcomes[0].error;
    const hold: HoldView = {
      id: newId('hold', now.getTime()),
      livemode: input.livemode,
      accountId: account,
      merchantId: input.merchantId || parseAccountId(account).ownerId,
      amount: input.amount,
      captured: 0,
      released: 0,
      reference: input.reference ?? '',
      description: input.description ?? '',
      createdAt: now,
      updatedAt: now,
    };
    await q.query(
      `INSERT INTO ledger.holds (id, livemode, account_id, merchant_id, amount, reference, description, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [hold.id, hold.livemode, hold.accountId, hold.merchantId, hold.amount, hold.reference, hold.description, now.toISOString()],
    );
    await movement(q, hold, 'created', hold.amount, null, now);
    await deps.outbox.add(q, [
      holdEvent('ledger.hold.created', hold, 'kessai.ledger.events.v1.HoldCreated', ledgerEventsV1.HoldCreated.encode({ holdId: hold.id, account: eventAccount(hold.accountId), amount: hold.amount, reference: hold.reference }).finish(), now),
    ]);
    deps.eventsCommitted();
    return hold;
  }, reviveHold);
}

/** Spends part (or all) of a hold: the money moves from the held account to `destination`. */
export async function captureHold(
  deps: LedgerDeps,
  input: { idempotencyKey: string; livemode: boolean; holdId: string; amount: number; destination?: AccountInput; description: string; metadata: Record<string, string> },
): Promise<{ value: { hold: HoldView; transaction: StoredTransaction }; replayed: boolean }> {
  if (!input.idempotencyKey) throw ValidationError.field('idempotency_key', 'required');
  assertYen(input.amount, 'amount', { min: 0, max: MAX_POSTING_AMOUNT });
  if (!input.destination || !input.destination.ownerId) throw ValidationError.field('destination.owner_id', 'required');
  const { idempotencyKey, ...request } = input;
  return idempotentCommand(deps, { livemode: input.livemode, idempotencyKey, operation: 'hold.capture', request }, async (q) => {
    const now = deps.clock.now();
    const hold = await lockHold(q, input.livemode, input.holdId);
    const amount = input.amount || remaining(hold);
    if (remaining(hold) === 0) throw new PreconditionError('hold_closed', `hold ${hold.id} has nothing left to capture`);
    if (amount > remaining(hold)) throw new PreconditionError('hold_exceeded', `hold ${hold.id} has ${remaining(hold)} yen left; ${amount} requested`);
    const source = parseAccountId(hold.accountId);
    const command = validatePost({
      idempotencyKey: `hold-capture:${idempotencyKey}`,
      livemode: input.livemode,
      kind: 'hold.capture',
      description: input.description || `capture of ${hold.id}`,
      merchantId: hold.merchantId,
      metadata: { ...input.metadata, hold_id: hold.id },
      postings: [
        { ownerId: source.ownerId, type: source.type, amount: -amount },
        { ownerId: input.destination!.ownerId, type: input.destination!.type, amount },
      ],
    });
    if (command.postings[1].accountId === hold.accountId) throw ValidationError.field('destination', 'must differ from the held account');
    const { outcomes } = await deps.store.applyGroups(q, [{ commands: [command], heldChanges: [{ accountId: hold.accountId, totalDelta: 0, heldDelta: -amount }] }], now);
    const outcome = outcomes[0];
    if (!outcome.ok) throw outcome.error;
    const transaction = outcome.transactions[0];
    hold.captured += amount;
    hold.updatedAt = now;
    await q.query(`UPDATE ledger.holds SET captured = $2, updated_at = $3 WHERE id = $1`, [hold.id, hold.captured, now.toISOString()]);
    await movement(q, hold, 'captured', amount, transaction.id, now);
    await deps.outbox.add(q, [
      holdEvent('ledger.hold.captured', hold, 'kessai.ledger.events.v1.HoldCaptured', ledgerEventsV1.HoldCaptured.encode({ holdId: hold.id, amount, remainingAmount: remaining(hold), transactionId: transaction.id, reference: hold.reference }).finish(), now),
    ]);
    deps.eventsCommitted();
    return { hold, transaction };
  }, (json) => {
    const v = json as { hold: unknown; transaction: StoredTransaction };
    return { hold: reviveHold(v.hold), transaction: { ...v.transaction, postedAt: new Date(v.transaction.postedAt) } };
  });
}

/** Gives part (or all) of a hold back to the available balance. */
export async function releaseHold(
  deps: LedgerDeps,
  input: { idempotencyKey: string; livemode: boolean; holdId: string; amount: number; description: string },
): Promise<{ value: HoldView; replayed: boolean }> {
  if (!input.idempotencyKey) throw ValidationError.field('idempotency_key', 'required');
  assertYen(input.amount, 'amount', { min: 0, max: MAX_POSTING_AMOUNT });
  const { idempotencyKey, ...request } = input;
  return idempotentCommand(deps, { livemode: input.livemode, idempotencyKey, operation: 'hold.release', request }, async (q) => {
    const now = deps.clock.now();
    const hold = await lockHold(q, input.livemode, input.holdId);
    const amount = input.amount || remaining(hold);
    if (remaining(hold) === 0) throw new PreconditionError('hold_closed', `hold ${hold.id} has nothing left to release`);
    if (amount > remaining(hold)) throw new PreconditionError('hold_exceeded', `hold ${hold.id} has ${remaining(hold)} yen left; ${amount} requested`);
    const { outcomes } = await deps.store.applyGroups(q, [{ commands: [], heldChanges: [{ accountId: hold.accountId, totalDelta: 0, heldDelta: -amount }] }], now);
    if (!outcomes[0].ok) throw outcomes[0].error;
    hold.released += amount;
    hold.updatedAt = now;
    await q.query(`UPDATE ledger.holds SET released = $2, updated_at = $3 WHERE id = $1`, [hold.id, hold.released, now.toISOString()]);
    await movement(q, hold, 'released', amount, null, now);
    await deps.outbox.add(q, [
      holdEvent('ledger.hold.released', hold, 'kessai.ledger.events.v1.HoldReleased', ledgerEventsV1.HoldReleased.encode({ holdId: hold.id, amount, remainingAmount: remaining(hold), reference: hold.reference }).finish(), now),
    ]);
    deps.eventsCommitted();
    return hold;
  }, reviveHold);
}

export async function getHold(deps: LedgerDeps, livemode: boolean, holdId: string): Promise<HoldView> {
  const rows = await deps.dataSource.query(`SELECT * FROM ledger.holds WHERE id = $1 AND livemode = $2`, [holdId, livemode]);
  if (rows.length === 0) throw new NotFoundError('hold', holdId);
  return holdFromRow(rows[0]);
}

async function lockHold(q: QueryRunner, livemode: boolean, holdId: string): Promise<HoldView> {
  if (!holdId) throw ValidationError.field('hold_id', 'required');
  const rows = await q.query(`SELECT * FROM ledger.holds WHERE id = $1 AND livemode = $2 FOR UPDATE`, [holdId, livemode]);
  if (rows.length === 0) throw new NotFoundError('hold', holdId);
  return holdFromRow(rows[0]);
}

async function movement(q: QueryRunner, hold: HoldView, kind: string, amount: number, transactionId: string | null, now: Date): Promise<void> {
  await q.query(`INSERT INTO ledger.hold_movements (hold_id, account_id, kind, amount, transaction_id, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    hold.id,
    hold.accountId,
    kind,
    amount,
    transactionId,
    now.toISOString(),
  ]);
}

function holdFromRow(r: Record<string, unknown>): HoldView {
  return {
    id: r.id as string,
    livemode: r.livemode as boolean,
    accountId: r.account_id as string,
    merchantId: r.merchant_id as string,
    amount: yenFromDb(r.amount as string),
    captured: yenFromDb(r.captured as string),
    released: yenFromDb(r.released as string),
    reference: r.reference as string,
    description: r.description as string,
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}

function reviveHold(json: unknown): HoldView {
  const h = json as HoldView;
  return { ...h, createdAt: new Date(h.createdAt), updatedAt: new Date(h.updatedAt) };
}

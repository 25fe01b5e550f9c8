import { NotFoundError, PreconditionError, ValidationError, type DomainEvent, type IdempotentCommand } from '@kessai/platform';
import type { QueryRunner } from 'typeorm';
import { holdsStore } from '../db/holds-store';
import { parseAccountId } from '../domain/accounts';
import { remaining, type Hold } from '../domain/hold';
import type { PostedTransaction } from '../domain/transaction';

/**
 * Where hold commands' idempotency keys are unique: one scope per mode, shared
 * by create, capture and release, so a key reused for another operation
 * conflicts (the operation is part of the hashed request).
 */
export function holdCommand(livemode: boolean, key: string, operation: 'hold.create' | 'hold.capture' | 'hold.release', request: unknown): IdempotentCommand {
  return { scope: `ledger:${livemode ? 'live' : 'test'}`, key, operation, request };
}

export function holdEvent(type: string, hold: Hold, payloadType: string, payload: Uint8Array, now: Date): DomainEvent {
  return { type, aggregateId: hold.id, merchantId: hold.merchantId, livemode: hold.livemode, occurredAt: now, payloadType, payload };
}

export function eventAccount(id: string): { ownerId: string; type: string } {
  const a = parseAccountId(id);
  return { ownerId: a.ownerId, type: a.type };
}

/** A hold from its stored JSON (a replayed response). */
export function reviveHold(json: unknown): Hold {
  const h = json as Hold;
  return { ...h, createdAt: new Date(h.createdAt), updatedAt: new Date(h.updatedAt) };
}

export function reviveTransaction(json: unknown): PostedTransaction {
  const t = json as PostedTransaction;
  return { ...t, postedAt: new Date(t.postedAt) };
}

/**
 * Locks an open hold for a capture or a release and works out the amount
 * (0 asks for all that is left). Refuses a closed hold and an amount beyond
 * what is left, naming the hold.
 */
export async function lockOpenHold(q: QueryRunner, livemode: boolean, holdId: string, requested: number, verb: 'capture' | 'release'): Promise<{ hold: Hold; amount: number }> {
  if (!holdId) throw ValidationError.field('hold_id', 'required');
  const hold = await holdsStore.lock(q, livemode, holdId);
  if (!hold) throw new NotFoundError('hold', holdId);
  const left = remaining(hold);
  if (left === 0) throw new PreconditionError('hold_closed', `hold ${hold.id} has nothing left to ${verb}`);
  const amount = requested || left;
  if (amount > left) throw new PreconditionError('hold_exceeded', `hold ${hold.id} has ${left} yen left; ${amount} requested`);
  return { hold, amount };
}

import type { DomainEvent, IdempotentCommand } from '@kessai/platform';
import { parseAccountId } from '../domain/accounts';
import type { Hold } from '../domain/hold';
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

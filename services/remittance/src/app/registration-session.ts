import { DomainError } from '@kessai/platform';
import type { Order, Recipient } from '../domain/entities';
import { sha256 } from '../domain/secrets';
import { ordersStore } from '../db/orders-store';
import type { Queryable } from '../db/queryable';
import { recipientsStore } from '../db/recipients-store';
import { registrationStore } from '../db/registration-store';

/** The recipient behind a live session of its current contact round, else unauthenticated. */
export async function sessionRecipient(q: Queryable, sessionId: string, now: Date, lock = false): Promise<{ r: Recipient; order: Order }> {
  const expired = () => new DomainError('unauthenticated', 'session_expired', 'the session expired: enter the code again');
  if (!sessionId) throw expired();
  const s = await registrationStore.session(q, sha256(sessionId));
  if (!s || s.expiresAt <= now) throw expired();
  const r = await recipientsStore.get(q, s.recipientId, lock);
  if (!r || r.contactRound !== s.contactRound || r.personalDataDeletedAt) throw expired();
  return { r, order: (await ordersStore.get(q, r.orderId))! };
}

import { tokyoDate } from '@kessai/bank-calendar';
import { useCase } from '@kessai/platform';
import type { Order, Recipient } from '../domain/entities';
import { sha256 } from '../domain/secrets';
import { ordersStore } from '../db/orders-store';
import type { Queryable } from '../db/queryable';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';

export type RegistrationState = 'code_required' | 'locked' | 'expired' | 'closed';

/** Statuses in which a recipient may register or correct an account. */
export const REGISTRABLE = ['awaiting_registration', 'failed', 'waiting_for_funds', 'held_for_review'];

/** What a link may show without the code. */
export function registrationState(r: Recipient | undefined, order: Order | undefined, now: Date): RegistrationState {
  if (!r || !order || !order.registrationDeadline) return 'expired';
  if (tokyoDate(now) > order.registrationDeadline || r.status === 'expired') return 'expired';
  if (!REGISTRABLE.includes(r.status)) return 'closed';
  if (r.lockedAt) return 'locked';
  return 'code_required';
}

export async function recipientByToken(q: Queryable, token: string, lock = false): Promise<{ r?: Recipient; order?: Order }> {
  if (!token || token.length > 200) return {};
  const r = await recipientsStore.byTokenHash(q, sha256(token), lock);
  return { r, order: r ? await ordersStore.get(q, r.orderId) : undefined };
}

/** The recipient's page before the code: only the state, no personal data. */
export function openRegistration(deps: RemittanceDeps, token: string): Promise<RegistrationState> {
  return useCase('remittance.open_registration', async () => {
    const { r, order } = await recipientByToken(deps.dataSource, token);
    return registrationState(r, order, deps.clock.now());
  });
}

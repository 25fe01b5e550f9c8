import { type Recipient } from '../domain/entities';
import { newCode, newLinkToken, normaliseCode, sha256 } from '../domain/secrets';
import { transferDateFor } from '../domain/schedule';
import type { Queryable } from '../db/queryable';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';
import { scheduleTransfer } from './transfer-support';

/** Starts a contact round: a new link and code (the old ones stop working), the ladder from the first step now. */
export function startContactRound(r: Recipient, now: Date): void {
  const code = newCode();
  r.contactRound += 1;
  r.linkToken = newLinkToken();
  r.code = code;
  r.codeHash = sha256(normaliseCode(code));
  r.wrongCodes = 0;
  r.lockedAt = null;
  r.roundStartedAt = now;
  r.roundChannels = [];
  r.nextContactAt = now;
  r.updatedAt = now;
}

/**
 * A recipient with an account whose share is earmarked gets its transfer:
 * on the first business day after both were confirmed whose file is not cut
 * yet (docs/reference/remittance.md#when-a-transfer-runs).
 */
export async function scheduleRecipient(deps: RemittanceDeps, q: Queryable, r: Recipient, now: Date): Promise<void> {
  if (!r.account || !r.held || r.transferId) return;
  const confirmed = Math.max(r.registeredAt?.getTime() ?? 0, r.fundsConfirmedAt?.getTime() ?? 0, now.getTime());
  const executionDate = transferDateFor(new Date(confirmed), deps.settings.cutoff);
  const t = await scheduleTransfer(
    deps,
    q,
    { livemode: r.livemode, merchantId: r.merchantId, purpose: 'recipient', account: r.account, amount: r.amount, executionDate, holdId: r.holdId, reference: r.id, orderId: r.orderId, recipientId: r.id },
    now,
  );
  r.transferId = t.id;
  r.transferDate = executionDate;
  r.status = 'scheduled';
  r.nextContactAt = null;
  r.updatedAt = now;
  await recipientsStore.save(q, r);
}

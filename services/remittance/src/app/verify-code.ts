import { DomainError, useCase, ValidationError } from '@kessai/platform';
import { MAX_CODE_ATTEMPTS_PER_ADDRESS_PER_HOUR, MAX_WRONG_CODES_PER_LINK, REGISTRATION_SESSION_MS } from '../domain/limits';
import { newLinkToken, normaliseCode, sha256 } from '../domain/secrets';
import { recipientsStore } from '../db/recipients-store';
import { registrationStore } from '../db/registration-store';
import type { RemittanceDeps } from './deps';
import { recipientByToken, type RegistrationState, registrationState } from './open-registration';

export interface CodeCheck {
  ok: boolean;
  state: RegistrationState;
  sessionId?: string;
  sessionExpiresAt?: Date;
  attemptsLeft: number;
}

/**
 * Checks a link's one-time code (docs/reference/remittance.md#outreach).
 * Guessing is bounded twice: a link locks after 10 wrong codes, and one
 * client address may try 60 codes an hour over all links — so 20 wrong codes
 * on one link lock it, while the right code on another link from the same
 * address still works. State lives in Postgres (every replica sees it).
 */
export function verifyCode(deps: RemittanceDeps, input: { token: string; code: string; clientAddress: string }): Promise<CodeCheck> {
  return useCase('remittance.verify_code', async () => {
    if (!input.clientAddress) throw ValidationError.field('client_address', 'required');
    const result = await deps.dataSource.transaction(async (tx) => {
      const now = deps.clock.now();
      await registrationStore.lockAddress(tx, input.clientAddress);
      const recent = await registrationStore.attemptsSince(tx, input.clientAddress, new Date(now.getTime() - 3_600_000));
      if (recent >= MAX_CODE_ATTEMPTS_PER_ADDRESS_PER_HOUR) return 'limited' as const;
      const { r, order } = await recipientByToken(tx, input.token, true);
      const state = registrationState(r, order, now);
      if (!r || state !== 'code_required') {
        await registrationStore.recordAttempt(tx, input.clientAddress, now, false);
        return { ok: false, state, attemptsLeft: 0 } satisfies CodeCheck;
      }
      const right = Boolean(r.codeHash) && sha256(normaliseCode(input.code ?? '')) === r.codeHash;
      await registrationStore.recordAttempt(tx, input.clientAddress, now, right);
      if (!right) {
        r.wrongCodes += 1;
        if (r.wrongCodes >= MAX_WRONG_CODES_PER_LINK) r.lockedAt = now;
        r.updatedAt = now;
        await recipientsStore.save(tx, r);
        return { ok: false, state: r.lockedAt ? 'locked' : 'code_required', attemptsLeft: Math.max(0, MAX_WRONG_CODES_PER_LINK - r.wrongCodes) } satisfies CodeCheck;
      }
      const sessionId = newLinkToken();
      const expiresAt = new Date(now.getTime() + REGISTRATION_SESSION_MS);
      await registrationStore.insertSession(tx, { id: sha256(sessionId), recipientId: r.id, contactRound: r.contactRound, expiresAt, createdAt: now });
      return { ok: true, state, sessionId, sessionExpiresAt: expiresAt, attemptsLeft: MAX_WRONG_CODES_PER_LINK - r.wrongCodes } satisfies CodeCheck;
    });
    if (result === 'limited') {
      deps.metrics.codeAttempts('limited');
      throw new DomainError('resource_exhausted', 'too_many_attempts', 'too many code attempts from this address; try again later');
    }
    deps.metrics.codeAttempts(result.ok ? 'ok' : result.state === 'locked' ? 'locked' : 'wrong');
    return result;
  });
}

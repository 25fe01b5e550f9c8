import { useCase, ValidationError } from '@kessai/platform';
import type { ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';
import { newTotpSecret, totpUri, totpValid } from './totp';

/**
 * A user turns on the TOTP second factor for themself: a secret is drawn
 * (shown once, with its otpauth:// URI), then a code from the app proves it
 * was taken, and only then is it required at sign-in.
 */
export async function startTotpEnrolment(deps: ConsoleDeps, actor: ConsoleActor): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret();
  await deps.store.setTotp(actor.user.id, secret, false);
  return { secret, uri: totpUri(secret, actor.user.login_id) };
}

/** The enrolment started and not yet confirmed, to show again beside a wrong code. */
export async function pendingTotpEnrolment(deps: ConsoleDeps, actor: ConsoleActor): Promise<{ secret: string; uri: string } | undefined> {
  const secrets = await deps.store.secretsOf(actor.user.id);
  if (!secrets?.totp_secret || actor.user.totp_enabled) return undefined;
  return { secret: secrets.totp_secret, uri: totpUri(secrets.totp_secret, actor.user.login_id) };
}

export function confirmTotpEnrolment(deps: ConsoleDeps, actor: ConsoleActor, code: string): Promise<void> {
  return useCase('gateway.console.enable_totp', async () => {
    const secrets = await deps.store.secretsOf(actor.user.id);
    if (!secrets?.totp_secret || !totpValid(secrets.totp_secret, code.trim(), deps.gateway.clock.now())) {
      throw ValidationError.field('code', 'is not the current code of your authenticator app');
    }
    await deps.store.setTotp(actor.user.id, secrets.totp_secret, true);
    await recordAudit(deps, { ...actor, merchant: actor.home }, 'user.totp_enabled', actor.user.id);
  });
}

export async function disableTotp(deps: ConsoleDeps, actor: ConsoleActor): Promise<void> {
  await deps.store.setTotp(actor.user.id, null, false);
  await recordAudit(deps, { ...actor, merchant: actor.home }, 'user.totp_disabled', actor.user.id);
}

/**
 * Delivery status rules for email: which SMTP failures are worth retrying, and
 * when. Pure; the clock is passed in.
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface SmtpFailure {
  /** SMTP reply code (e.g. 451, 550), when the server answered */
  responseCode?: number;
  /** nodemailer's error code (ECONNECTION, ETIMEDOUT, EENVELOPE, …) */
  code?: string;
  message: string;
}

export const MAX_EMAIL_ATTEMPTS = 6;

/**
 * 4xx replies and network trouble are temporary (RFC 5321: try again later);
 * 5xx replies are permanent. A malformed message or address never gets better.
 */
export function isTemporary(f: SmtpFailure): boolean {
  if (f.responseCode !== undefined) return f.responseCode >= 400 && f.responseCode < 500;
  if (f.code === 'EENVELOPE' || f.code === 'EMESSAGE') return false;
  return true;
}

/** 1, 2, 4, 8, 16 minutes… capped at an hour. `attempts` counts the attempts made so far (>= 1). */
export function backoffMs(attempts: number, baseMs = 60_000, capMs = 3_600_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export type DeliveryOutcome =
  | { status: 'sent' }
  | { status: 'queued'; nextAttemptAt: Date; reason: string }
  | { status: 'failed'; reason: string; permanent: boolean };

export function outcomeOfFailure(failure: SmtpFailure, attempts: number, now: Date, maxAttempts = MAX_EMAIL_ATTEMPTS, baseMs?: number): DeliveryOutcome {
  const reason = describeFailure(failure);
  if (!isTemporary(failure)) return { status: 'failed', reason, permanent: true };
  if (attempts >= maxAttempts) return { status: 'failed', reason: `gave up after ${attempts} attempts: ${reason}`, permanent: false };
  return { status: 'queued', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, baseMs)), reason };
}

/** The SMTP reply (no personal data beyond what the server said), trimmed. */
export function describeFailure(f: SmtpFailure): string {
  // a server often quotes the address it refused: keep it out of logs and events
  const text = f.message.replace(/\s+/g, ' ').replace(/[^\s<>"@]+@[^\s<>"@]+/g, '[address]').trim();
  return (f.responseCode && !text.includes(String(f.responseCode)) ? `${f.responseCode} ${text}` : text).slice(0, 500);
}

import { createHmac, randomBytes } from 'node:crypto';

/**
 * API keys: `sk_test_…` / `sk_live_…` followed by 32 base62 characters
 * (≈190 bits). Only an HMAC-SHA256 of the key (with a server-side pepper) is
 * stored; the key itself is shown once. The mode is part of the key, so test
 * data and live data never mix.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const KEY_PATTERN = /^sk_(test|live)_[A-Za-z0-9]{32}$/;

/** An API key as stored: never the key itself, only its visible prefix (and, in the table, its hash). */
export interface ApiKey {
  id: string;
  merchant_id: string;
  livemode: boolean;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

/** The longest grace period of a rolled key: a week. */
export const MAX_ROLL_GRACE_SECONDS = 7 * 24 * 3600;

/** Whether a key authenticates at `now`: not revoked, not past its expiry, of the mode the secret claims. */
export function keyUsable(key: ApiKey, livemode: boolean, now: Date): boolean {
  return !key.revoked_at && !(key.expires_at && key.expires_at <= now) && key.livemode === livemode;
}

export function generateApiKey(livemode: boolean): string {
  const bytes = randomBytes(64);
  let body = '';
  for (const b of bytes) {
    if (b >= 248) continue; // 248 = 4 * 62: keep the distribution uniform
    body += ALPHABET[b % 62];
    if (body.length === 32) break;
  }
  if (body.length < 32) return generateApiKey(livemode);
  return `sk_${livemode ? 'live' : 'test'}_${body}`;
}

export function hashApiKey(pepper: string, key: string): string {
  return createHmac('sha256', pepper).update(key).digest('hex');
}

/** The visible start of a key, e.g. `sk_test_AbCd`. */
export function keyPrefix(key: string): string {
  return key.slice(0, 12);
}

/** null when the string cannot be a Kessai key at all. */
export function keyMode(key: string): { livemode: boolean } | null {
  const m = KEY_PATTERN.exec(key);
  return m ? { livemode: m[1] === 'live' } : null;
}

/** A 7-digit virtual account number (the partner bank's account number format). */
export function newVirtualAccountNumber(): string {
  return String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0');
}

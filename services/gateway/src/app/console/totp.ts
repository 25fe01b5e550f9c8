import { Secret, TOTP } from 'otpauth';

/** RFC 6238 codes (30 s, 6 digits, SHA-1), as every authenticator app reads them. */
function totp(secretBase32: string, label = 'console') {
  return new TOTP({ issuer: 'Kessai', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app takes (typed in or scanned). */
export function totpUri(secretBase32: string, label: string): string {
  return totp(secretBase32, label).toString();
}

/** Accepts the code of the current 30-second step or the one either side (clock drift). */
export function totpValid(secretBase32: string, code: string, at: Date): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totp(secretBase32).validate({ token: code, timestamp: at.getTime(), window: 1 }) !== null;
}

export function totpCode(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

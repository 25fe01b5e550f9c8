import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed HTTP payloads, one scheme for both directions: partners → Kessai
 * (inbound webhooks) and Kessai → merchants (outbound webhooks).
 *
 *   header:  t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * Several `v1=` values may appear (while a secret is rolled); one match is
 * enough. The timestamp must be within `toleranceSeconds` of now (replay
 * window), checked against the caller's clock.
 */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export function computeSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export function signatureHeader(secret: string, body: string | Buffer, nowMs: number = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

export type SignatureFailure = 'missing_header' | 'malformed_header' | 'stale_timestamp' | 'bad_signature';

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure; message: string };

export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === 't') {
      if (!/^\d{1,12}$/.test(v)) return null;
      timestamp = Number(v);
    } else if (k === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(v)) return null;
      signatures.push(v);
    }
  }
  if (timestamp === undefined || signatures.length === 0) return null;
  return { timestamp, signatures };
}

export interface VerifyOptions {
  /** one or more secrets (old and new while rolling) */
  secrets: string[];
  header: string | undefined;
  body: string | Buffer;
  nowMs: number;
  toleranceSeconds?: number;
}

/** Verifies a signature header in constant time per candidate. */
export function verifySignature(opts: VerifyOptions): SignatureCheck {
  if (!opts.header) return { ok: false, reason: 'missing_header', message: 'no signature header' };
  const parsed = parseSignatureHeader(opts.header);
  if (!parsed) return { ok: false, reason: 'malformed_header', message: 'signature header must look like t=<unix seconds>,v1=<64 hex digits>' };
  const tolerance = opts.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(opts.nowMs / 1000 - parsed.timestamp) > tolerance) {
    return { ok: false, reason: 'stale_timestamp', message: `signature timestamp is outside the ${tolerance}-second window` };
  }
  for (const secret of opts.secrets) {
    const expected = Buffer.from(computeSignature(secret, parsed.timestamp, opts.body), 'hex');
    for (const sig of parsed.signatures) {
      const given = Buffer.from(sig, 'hex');
      if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, timestamp: parsed.timestamp };
    }
  }
  return { ok: false, reason: 'bad_signature', message: 'signature does not match' };
}

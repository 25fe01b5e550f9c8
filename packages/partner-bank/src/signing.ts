import { signatureHeader, verifySignature, type SignatureCheck } from '@kessai/platform';

/**
 * Kessai → partner bank requests are signed with the partner scheme of
 * `@kessai/platform` (`t=<unix s>,v1=<HMAC-SHA256>`), over a canonical string
 * that binds the method and the path (with its query) to the body, so a signed
 * upload cannot be replayed at another path and a GET is signed too:
 *
 *   "<METHOD> <path?query>\n<raw body bytes>"
 *
 * The bank answers 401 when the header is missing, malformed, stale (±300 s)
 * or wrong. See docs/bank-simulator.md.
 */
export const BANK_SIGNATURE_HEADER = 'kessai-signature';

export function canonicalRequest(method: string, pathAndQuery: string, body: Uint8Array | string = ''): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  return Buffer.concat([Buffer.from(`${method.toUpperCase()} ${pathAndQuery}\n`, 'utf8'), b]);
}

export function signBankRequest(secret: string, method: string, pathAndQuery: string, body: Uint8Array | string = '', nowMs = Date.now()): string {
  return signatureHeader(secret, canonicalRequest(method, pathAndQuery, body), nowMs);
}

/** The bank's side: checks a request's signature header. */
export function verifyBankRequest(opts: { secrets: string[]; header: string | undefined; method: string; pathAndQuery: string; body: Uint8Array | string; nowMs?: number }): SignatureCheck {
  return verifySignature({ secrets: opts.secrets, header: opts.header, body: canonicalRequest(opts.method, opts.pathAndQuery, opts.body), nowMs: opts.nowMs ?? Date.now() });
}

/**
 * Response headers of every page (docs/adr/0006-web-pages.md). Pages load only
 * their own stylesheet, script and images from the gateway; no inline script or
 * style, no framing, forms post only back to the gateway.
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'script-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
};

export function contentSecurityPolicy(): string {
  return Object.entries(CONTENT_SECURITY_POLICY)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * Headers for an HTML page. Pages carry personal and payment data (a payment
 * number, a recipient's name), so they are not cached and send no referrer.
 */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cache-Control': 'no-store',
  };
}

/** Everything a page response needs: the security headers and the content type. */
export function pageHeaders(): Record<string, string> {
  return { 'Content-Type': 'text/html; charset=utf-8', ...securityHeaders() };
}

import { contentSecurityPolicy, pageHeaders, securityHeaders } from './security';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => {
    const [name, ...sources] = d.trim().split(/\s+/);
    return [name, sources];
  }));
}

describe('the content security policy', () => {
  const csp = directives(contentSecurityPolicy());

  it('denies by default and allows only the gateway\'s own style, script and images', () => {
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': ["'none'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'script-src': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'none'"],
    });
  });

  it('never allows inline code, eval or another host', () => {
    const all = [...csp.values()].flat();
    for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:']) expect(all).not.toContain(unsafe);
    expect(all.every((s) => s.startsWith("'") || s === 'data:')).toBe(true);
  });
});

describe('securityHeaders', () => {
  it('sends the CSP with nosniff, no referrer, no framing and no caching', () => {
    const h = securityHeaders();
    expect(h['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('no-referrer');
    expect(h['X-Frame-Options']).toBe('DENY');
    expect(h['Cache-Control']).toBe('no-store');
    expect(h['Permissions-Policy']).toContain('camera=()');
  });

  it('pageHeaders adds the HTML content type', () => {
    expect(pageHeaders()['Content-Type']).toBe('text/html; charset=utf-8');
  });
});

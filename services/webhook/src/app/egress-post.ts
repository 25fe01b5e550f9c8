import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { blockedAddress } from '../domain/egress';

export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;
const systemResolve: Resolve = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

export interface PostResult {
  /** HTTP status; 0 when there was no response */
  status: number;
  /** why there was no (2xx) response: 'timeout', a connection error, or `refused: …` by the SSRF guard */
  error: string | null;
}

/** Raised inside the lookup: the host resolved to an address Kessai does not post to. */
class RefusedError extends Error {
  override name = 'RefusedError';
}

/**
 * A lookup that resolves, refuses if any address is not public, and hands the
 * checked addresses to the socket — so the connection goes to exactly the
 * addresses that were checked (no second resolution a rebinding DNS server
 * could answer differently).
 */
function guardedLookup(resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const bad = addresses.map((a) => ({ a, reason: blockedAddress(a.address) })).find((x) => x.reason);
        if (bad) return callback(new RefusedError(`refused: ${hostname} resolves to ${bad.a.address} (${bad.reason})`), '', 0);
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}

export interface EgressOptions {
  timeoutMs: number;
  /** test hook: the resolver behind the guard (default: the system's, as the OS resolves) */
  resolve?: Resolve;
}

/**
 * Posts a webhook. With `guard`, refuses loopback, private, link-local,
 * metadata and reserved destinations — the URL's literal host, and every
 * address its name resolves to at connection time (DNS rebinding). Redirects
 * are not followed.
 */
export class EgressClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly lookup: LookupFunction;

  constructor(private readonly opts: EgressOptions) {
    this.lookup = guardedLookup(opts.resolve ?? systemResolve);
  }

  post(rawUrl: string, headers: Record<string, string>, body: string, guard: boolean): Promise<PostResult> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return Promise.resolve({ status: 0, error: 'invalid URL' });
    }
    if (guard) {
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      const reason = isIP(literal) ? blockedAddress(literal) : null;
      if (reason) return Promise.resolve({ status: 0, error: `refused: ${literal} is a ${reason} address` });
    }
    const secure = url.protocol === 'https:';
    return new Promise<PostResult>((resolve) => {
      let done = false;
      const finish = (r: PostResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(r);
      };
      const req = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          // guarded connections resolve through the checking lookup (not used for IP literals, checked above)
          ...(guard ? { lookup: this.lookup } : {}),
        },
        (res) => {
          res.resume();
          res.on('end', () => finish({ status: res.statusCode ?? 0, error: null }));
          res.on('error', () => finish({ status: res.statusCode ?? 0, error: null }));
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        finish({ status: 0, error: 'timeout' });
      }, this.opts.timeoutMs);
      req.on('error', (err: Error) => finish({ status: 0, error: String(err.message ?? err).slice(0, 200) }));
      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

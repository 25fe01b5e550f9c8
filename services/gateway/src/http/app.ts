import express, { NextFunction, Request, Response } from 'express';
import {
  DomainError,
  edgeError,
  IdempotencyStore,
  Logger,
  newId,
  nameRequestSpan,
  RateLimiter,
  type RateDecision,
  requestHash,
  toRestError,
  ValidationError,
} from '@kessai/platform';
import type { z } from 'zod';
import { actingMerchant } from '../app/acting-merchant';
import { authenticate, type Principal } from '../app/authenticate';
import type { GatewayDeps } from '../app/deps';
import type { AnyRoute, RawBody, RouteResult } from './api';
import { mountDocs } from './docs';
import { openApiDocument } from './openapi';

export interface EdgeOptions {
  deps: GatewayDeps;
  routes: AnyRoute[];
  idempotency: IdempotencyStore;
  rateLimiter: RateLimiter;
  rateLimit: number;
  rateWindowMs: number;
  maxBodyBytes: number;
  corsOrigins: string[];
  logger: Logger;
  /** unauthenticated pages mounted before the API routes (e.g. payment slips at /slips/<token>) */
  publicPages?: (app: express.Express) => void;
}

interface EdgeLocals {
  requestId: string;
  principal?: Principal;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The public REST edge: request ids, security headers, access logs, CORS (off
 * unless origins are configured), API-key auth, per-key rate limits shared by
 * every replica, Idempotency-Key on every POST, zod-validated input and one
 * error shape for every failure.
 */
export function createEdgeApp(opts: EdgeOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    const requestId = newId('req');
    (res.locals as EdgeLocals).requestId = requestId;
    res.setHeader('Request-Id', requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    if (!req.path.startsWith('/docs')) res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const locals = res.locals as EdgeLocals;
      // Never the body, the query string or the Authorization header: ids, route, status and time only.
      opts.logger.info(
        {
          request_id: requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
          merchant_id: locals.principal?.merchant.id,
          key_id: locals.principal?.keyId,
          livemode: locals.principal?.livemode,
        },
        'access',
      );
    });
    next();
  });

  if (opts.corsOrigins.length > 0) {
    app.use((req, res, next) => {
      const origin = req.headers.origin;
      if (origin && opts.corsOrigins.includes(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Vary', 'Origin');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Kessai-Account');
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE');
        if (req.method === 'OPTIONS') return void res.status(204).end();
      }
      next();
    });
  }

  const doc = openApiDocument(opts.routes);
  app.get('/openapi.json', (_req, res) => void res.json(doc));
  mountDocs(app);
  opts.publicPages?.(app);

  for (const r of opts.routes) {
    // a POST counts its rate-limit hit in the statement that claims its Idempotency-Key (handleRoute)
    const middlewares = [authAndRateLimit(opts, r.method !== 'post')];
    if (r.method === 'post') {
      const raw = express.raw({ type: () => true, limit: Math.max(opts.maxBodyBytes, r.maxBodyBytes ?? 0) });
      middlewares.push((req, res, next) => raw(req, res, (err?: unknown) => (err ? countThenFail(opts, res, err).catch(next) : next())));
    }
    app[r.method](r.path, ...middlewares, (req: Request, res: Response, next: NextFunction) => {
      nameRequestSpan(r.method, r.path);
      handleRoute(opts, r, req, res).catch(next);
    });
  }

  app.use((req, _res, next) => next(edgeError('not_found', 'route_not_found', `no route ${req.method} ${req.path}`)));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const mapped = toRestError(normaliseError(err), (res.locals as EdgeLocals).requestId ?? 'unknown');
    if (mapped.status >= 500) opts.logger.error({ err, request_id: (res.locals as EdgeLocals).requestId }, 'request failed');
    sendError(res, mapped.status, mapped.body, err);
  });
  return app;
}

function sendError(res: Response, status: number, body: unknown, err: unknown): void {
  if (res.headersSent) return;
  if (err instanceof DomainError && err.metadata.retry_after) res.setHeader('Retry-After', err.metadata.retry_after);
  res.status(status).type('application/json').send(JSON.stringify(body));
}

/** Errors from Express's own parsers → the one shape, naming what was wrong. */
function normaliseError(err: unknown): unknown {
  const e = err as { type?: string; status?: number; limit?: number };
  if (e && typeof e === 'object' && typeof e.type === 'string') {
    if (e.type === 'entity.too.large') return edgeError('invalid_argument', 'body_too_large', `request body is larger than ${e.limit} bytes`);
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return edgeError('invalid_argument', 'unsupported_encoding', 'unsupported content encoding or charset');
    if (e.type === 'request.aborted' || e.type === 'request.size.invalid') return edgeError('invalid_argument', 'body_incomplete', 'request body was incomplete');
  }
  return err;
}

function authAndRateLimit(opts: EdgeOptions, count: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const header = req.headers.authorization;
      if (!header) throw edgeError('unauthenticated', 'api_key_required', 'no API key: send Authorization: Bearer sk_test_…');
      const m = /^Bearer ([^\s]+)$/.exec(header);
      if (!m) throw edgeError('unauthenticated', 'invalid_authorization', 'Authorization must be "Bearer <API key>"');
      const principal = await authenticate(opts.deps, m[1]);
      (res.locals as EdgeLocals).principal = principal;
      if (count) applyRateDecision(res, await opts.rateLimiter.hit(rateBucket(principal), opts.rateLimit, opts.rateWindowMs));
    })().then(() => next(), next);
  };
}

const rateBucket = (principal: Principal) => `key:${principal.keyId}`;

/** The RateLimit headers; over the limit, the 429. */
function applyRateDecision(res: Response, decision: RateDecision): void {
  res.setHeader('RateLimit-Limit', String(decision.limit));
  res.setHeader('RateLimit-Remaining', String(decision.remaining));
  if (!decision.allowed) {
    throw new DomainError('resource_exhausted', 'rate_limited', `too many requests for this API key; retry after ${decision.retryAfterSeconds} s`, [], {
      retry_after: String(decision.retryAfterSeconds),
    });
  }
}

/** A POST that fails before its Idempotency-Key is claimed still counts against the limit (and a 429 wins, as when the limit is checked first). */
async function countThenFail(opts: EdgeOptions, res: Response, err: unknown): Promise<never> {
  const principal = (res.locals as EdgeLocals).principal!;
  applyRateDecision(res, await opts.rateLimiter.hit(rateBucket(principal), opts.rateLimit, opts.rateWindowMs));
  throw err;
}

async function handleRoute(opts: EdgeOptions, r: AnyRoute, req: Request, res: Response): Promise<void> {
  if (r.method !== 'post') return handleCounted(opts, r, req, res);
  let claimed = false;
  try {
    await handleCounted(opts, r, req, res, () => (claimed = true));
  } catch (err) {
    if (claimed) throw err;
    await countThenFail(opts, res, err);
  }
}

async function handleCounted(opts: EdgeOptions, r: AnyRoute, req: Request, res: Response, counted?: () => void): Promise<void> {
  const locals = res.locals as EdgeLocals;
  const principal = locals.principal!;
  const accountHeader = req.headers['kessai-account'];
  const merchant = await actingMerchant(opts.deps, principal, typeof accountHeader === 'string' ? accountHeader : undefined);

  let rawBody: Buffer | undefined;
  let idempotencyKey: string | undefined;
  if (r.method === 'post') {
    rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const ik = req.headers['idempotency-key'];
    if (typeof ik !== 'string' || ik.length === 0) {
      throw edgeError('invalid_argument', 'idempotency_key_required', 'every POST needs an Idempotency-Key header (a unique value per operation, e.g. a UUID)', 'Idempotency-Key');
    }
    if (!IDEMPOTENCY_KEY.test(ik)) throw edgeError('invalid_argument', 'idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters', 'Idempotency-Key');
    idempotencyKey = ik;
  }

  const run = async (): Promise<{ status: number; body: string; file?: RouteResult['file'] }> => {
    try {
      const raw = rawBodyOf(r, req, rawBody);
      const result: RouteResult = await r.handler({
        requestId: locals.requestId,
        principal,
        merchant,
        livemode: principal.livemode,
        query: parse(r.query, req.query, 'query'),
        body: r.body && !raw ? parse(r.body, parseJsonBody(req, rawBody, r.accepts), 'body') : undefined,
        raw,
        params: req.params as Record<string, string>,
        idempotencyKey,
      });
      if (result.file && r.method !== 'get') throw new Error('downloads are for GET routes only');
      return { status: result.status ?? r.status ?? 200, body: JSON.stringify(result.body), file: result.file };
    } catch (err) {
      const mapped = toRestError(normaliseError(err), locals.requestId);
      if (mapped.status >= 500) throw err;
      return { status: mapped.status, body: JSON.stringify(mapped.body) };
    }
  };

  if (!idempotencyKey) {
    const out = await run();
    if (out.file && out.status < 300) {
      res.setHeader('Content-Disposition', `attachment; filename="${out.file.filename.replace(/[^\w.-]/g, '_')}"`);
      res.status(out.status).setHeader('Content-Type', out.file.contentType);
      res.send(out.file.data);
      return;
    }
    res.status(out.status).type('application/json').send(out.body);
    return;
  }
  const scope = `${principal.merchant.id}:${principal.livemode ? 'live' : 'test'}`;
  const hash = requestHash({ method: r.method, path: req.path, account: merchant.id, contentType: req.headers['content-type'] ?? '', body: (rawBody ?? Buffer.alloc(0)).toString('base64') });
  const counting = opts.idempotency.beginCounted(opts.rateLimiter, rateBucket(principal), opts.rateLimit, opts.rateWindowMs, scope, idempotencyKey, hash);
  counted?.();
  const { decision, begun: claim } = await counting.catch((err: unknown) => {
    // name the header as the parameter at fault
    throw err instanceof DomainError ? new DomainError(err.kind, err.code, err.message, [{ field: 'Idempotency-Key', description: err.message }]) : err;
  });
  applyRateDecision(res, decision);
  const begun = claim!;
  if (begun.kind === 'replay') {
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(begun.status).type('application/json').send(begun.body);
    return;
  }
  let out: { status: number; body: string };
  try {
    out = await run();
  } catch (err) {
    await opts.idempotency.abandon(scope, idempotencyKey).catch(() => undefined);
    throw err;
  }
  await opts.idempotency.complete(scope, idempotencyKey, out.status, out.body);
  res.status(out.status).type('application/json').send(out.body);
}

/** The body of a route that accepts other media types (e.g. text/csv), when the request sent one. */
function rawBodyOf(r: AnyRoute, req: Request, raw: Buffer | undefined): RawBody | undefined {
  if (!r.accepts?.length || !raw) return undefined;
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (!r.accepts.includes(type)) return undefined;
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  return { mediaType: type, charset, data: raw };
}

function parseJsonBody(req: Request, raw: Buffer | undefined, accepts: string[] = []): unknown {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const allowed = ['application/json', ...accepts].join(' or ');
  if (!raw || raw.length === 0) {
    if (type && type !== 'application/json') throw edgeError('invalid_argument', 'unsupported_content_type', `Content-Type must be ${allowed}`, 'Content-Type');
    return {};
  }
  if (type !== 'application/json') {
    throw new DomainError('invalid_argument', 'unsupported_content_type', `Content-Type must be ${allowed}, not ${type || '(none)'}`, [
      { field: 'Content-Type', description: `must be ${allowed}` },
    ]);
  }
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw edgeError('invalid_argument', 'invalid_json', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

function parse<T>(schema: z.ZodType<T> | undefined, input: unknown, where: 'query' | 'body'): T {
  if (!schema) {
    if (where === 'query' && input && typeof input === 'object' && Object.keys(input).length > 0) {
      const k = Object.keys(input)[0];
      throw ValidationError.field(k, 'is not a parameter of this endpoint', 'parameter_unknown');
    }
    return undefined as T;
  }
  if (where === 'body' && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw edgeError('invalid_argument', 'invalid_body', 'request body must be a JSON object');
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return { field: issue.keys.join(', '), description: 'is not a parameter of this endpoint' };
      const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || where;
      return { field, description: issue.message };
    }),
    result.error.issues[0]?.code === 'unrecognized_keys' ? 'parameter_unknown' : 'parameter_invalid',
  );
}

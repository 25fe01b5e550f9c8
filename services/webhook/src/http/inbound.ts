import express, { NextFunction, Request, Response } from 'express';
import { DomainError, edgeError, Logger, nameRequestSpan, newId, PARTNER_SIGNATURE_HEADER, toRestError, ValidationError, verifySignature } from '@kessai/platform';
import type { z } from 'zod';
import type { WebhookDeps } from '../app/deps';
import { lookupStoreNumber } from '../app/lookup-store-number';
import { receiveDeposit } from '../app/receive-deposit';
import { receiveReport } from '../app/receive-report';
import { REPORT_KINDS, ReportKind } from '../domain/partner-reports';
import type { Partners } from '../config';
import { bankDepositPayload, storeLookupPayload } from '../domain/partner-payloads';

export interface InboundOptions {
  /** `billing` absent: store lookups are not offered */
  deps: Pick<WebhookDeps, 'dataSource' | 'outbox' | 'clock' | 'logger' | 'idempotency' | 'metrics' | 'merchants' | 'billing' | 'eventsCommitted' | 'settlementAccounts'>;
  partners: Partners;
  toleranceSeconds: number;
  maxBodyBytes: number;
  logger: Logger;
}

/**
 * Partner → Kessai. Every request is signed by its partner
 * (`Kessai-Partner-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")`); the
 * timestamp must be within the replay window of the real clock (the partner
 * signs with its real clock, so the test clock is not used here). A request is
 * answered 2xx only after it is recorded and its event is in the outbox.
 */
export function createInboundApp(opts: InboundOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    const requestId = newId('req');
    res.locals.requestId = requestId;
    res.setHeader('Request-Id', requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    const started = process.hrtime.bigint();
    res.on('finish', () =>
      opts.logger.info({ request_id: requestId, method: req.method, path: req.path, status: res.statusCode, duration_ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'access'),
    );
    next();
  });
  const raw = express.raw({ type: () => true, limit: opts.maxBodyBytes });

  app.post('/v1/partners/:partner/bank/deposits', raw, (req, res, next) => {
    nameRequestSpan('post', '/v1/partners/:partner/bank/deposits');
    (async () => {
      const { partner, payload, signedAt } = verified(opts, req, 'bank', bankDepositPayload);
      const outcome = await receiveDeposit(opts.deps, partner, payload, signedAt);
      res.status(200).json({ received: true, duplicate: outcome.duplicate, deposit_id: outcome.depositId, attributed: outcome.attributed, ...(outcome.storeChain ? { store_chain: outcome.storeChain } : {}) });
    })().catch(next);
  });

  for (const kind of REPORT_KINDS) {
    app.post(`/v1/partners/:partner/${kind.path}`, raw, (req, res, next) => {
      nameRequestSpan('post', `/v1/partners/:partner/${kind.path}`);
      (async () => {
        const { partner, payload, signedAt } = verified(opts, req, kind.partnerKind, kind.schema);
        const outcome = await receiveReport(opts.deps, kind as ReportKind<{ id: string }>, partner, payload as { id: string }, signedAt);
        res.status(200).json({ received: true, duplicate: outcome.duplicate, report_id: outcome.reportId });
      })().catch(next);
    });
  }

  // The kiosk or till asks which open bills a number pays: signed like every partner call.
  app.post('/v1/partners/:partner/store/lookups', raw, (req, res, next) => {
    nameRequestSpan('post', '/v1/partners/:partner/store/lookups');
    (async () => {
      if (!opts.deps.billing) throw edgeError('not_found', 'route_not_found', 'store lookups are not offered here');
      const { partner, payload } = verified(opts, req, 'store_network', storeLookupPayload);
      const bills = await lookupStoreNumber(opts.deps, partner, payload.chain, payload.number);
      res.status(200).json({
        bills: bills.map((b) => ({ payment_number: b.paymentNumber, merchant_name: b.merchantName, amount: b.amount, due_date: b.dueDate, repeat: b.repeat })),
      });
    })().catch(next);
  });

  app.use((req, _res, next) => next(edgeError('not_found', 'route_not_found', `no route ${req.method} ${req.path}`)));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; limit?: number };
    const domain = e?.type === 'entity.too.large' ? edgeError('invalid_argument', 'body_too_large', `body larger than ${e.limit} bytes`) : err;
    const mapped = toRestError(domain, String(res.locals.requestId));
    if (mapped.status >= 500) opts.logger.error({ err, request_id: res.locals.requestId }, 'inbound request failed');
    if (!res.headersSent) res.status(mapped.status).json(mapped.body);
  });
  return app;
}

function verified<T>(opts: InboundOptions, req: Request, kind: 'bank' | 'store_network', schema: z.ZodType<T>) {
  const id = String(req.params.partner);
  const cfg = Object.prototype.hasOwnProperty.call(opts.partners, id) ? opts.partners[id as string] : undefined;
  // An unknown partner looks exactly like a bad signature.
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const header = req.headers[PARTNER_SIGNATURE_HEADER];
  const check = verifySignature({
    secrets: cfg && cfg.kind === kind ? cfg.secrets : ['\u0000no-such-partner\u0000-padding'],
    header: typeof header === 'string' ? header : undefined,
    body,
    nowMs: Date.now(),
    toleranceSeconds: opts.toleranceSeconds,
  });
  if (!check.ok || !cfg) {
    const code = check.ok ? 'bad_signature' : check.reason;
    opts.logger.warn({ partner: String(id).slice(0, 32), reason: code }, 'inbound request rejected');
    throw new DomainError('unauthenticated', `signature_${code}`, check.ok ? 'signature does not match' : check.message);
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (type !== 'application/json') throw ValidationError.field('Content-Type', 'must be application/json', 'unsupported_content_type');
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw edgeError('invalid_argument', 'invalid_json', 'body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map((i) => ({ field: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : 'body'), description: i.message })));
  }
  return { partner: { id: id as string, livemode: cfg.livemode }, payload: parsed.data, signedAt: new Date(check.timestamp * 1000) };
}

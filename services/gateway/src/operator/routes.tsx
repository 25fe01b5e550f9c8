import { tokyoDate } from '@kessai/bank-calendar';
import type { feesV1 } from '@kessai/contracts';
import { addDays } from '@kessai/konbini';
import { type Clock, type ConnectedClient, DomainError, type Logger } from '@kessai/platform';
import { type AssetBundle, languageHrefs, pickLang, translator } from '@kessai/web';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { VNode } from 'preact';
import { basicPassword, isOperatorToken } from '../domain/operator-token';
import { query, sendPage } from '../console/http-helpers';
import { sendFile } from '../console/route-kit';
import { operatorMessages } from './messages';
import { InvoicePaymentsPage, type OperatorContext, ReconciliationPage } from './pages';

export interface OperatorPagesOptions {
  reconciliation: ConnectedClient<feesV1.ReconciliationServiceClient>;
  invoices: Pick<ConnectedClient<feesV1.InvoiceServiceClient>, 'listInvoicePayments'>;
  operatorTokens: readonly string[];
  assets: AssetBundle;
  clock: Clock;
  logger: Logger;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (d: string) => ISO_DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/**
 * Kessai's own operator pages at /operator (docs/operations.md, "Operator
 * pages"): the daily reconciliation report with its CSV, and the invoice
 * payments waiting for a decision. Read-only (a change goes through the
 * operator APIs), behind HTTP Basic with an operator token as the password
 * (GATEWAY_OPERATOR_TOKENS, the admin API's); never cached.
 */
export function mountOperatorPages(app: express.Express, opts: OperatorPagesOptions): void {
  const r = express.Router();
  const ctxOf = (req: Request): OperatorContext => {
    const lang = pickLang(req.query.lang);
    return { t: translator(operatorMessages, lang), lang, languageHrefs: languageHrefs(req.originalUrl), path: req.originalUrl };
  };
  const render = (req: Request, res: Response, status: number, title: string, page: (ctx: OperatorContext) => VNode) => {
    const ctx = ctxOf(req);
    sendPage(res, opts.assets, status, ctx.lang, title, page(ctx));
  };
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

  r.use((req, res, next) => {
    if (isOperatorToken(opts.operatorTokens, basicPassword(req.headers.authorization))) return next();
    res.status(401).set({ 'WWW-Authenticate': 'Basic realm="Kessai operations", charset="UTF-8"', 'Cache-Control': 'no-store' }).type('text/plain').send(ctxOf(req).t('unauthorized'));
  });

  r.get('/reconciliation', wrap(async (req, res) => {
    const day = query(req, 'day') ?? addDays(tokyoDate(opts.clock.now()), -1);
    const livemode = query(req, 'mode') === 'live';
    const around = validDay(day) ? { previous: addDays(day, -1), next: addDays(day, 1) } : { previous: day, next: day };
    const title = ctxOf(req).t('reconciliation');
    if (!validDay(day)) {
      return render(req, res, 400, title, (ctx) => <ReconciliationPage ctx={ctx} day={day} livemode={livemode} {...around} errors={[{ field: 'day', message: ctx.t('badDay') }]} />);
    }
    let result: feesV1.GetReconciliationResponse | undefined;
    try {
      result = await opts.reconciliation.getReconciliation({ livemode, day });
    } catch (err) {
      if (!(err instanceof DomainError && err.kind === 'not_found')) throw err;
    }
    render(req, res, 200, title, (ctx) => <ReconciliationPage ctx={ctx} day={day} livemode={livemode} {...around} errors={[]} result={result} />);
  }));

  r.get('/reconciliation/export', wrap(async (req, res) => {
    const from = query(req, 'from') ?? '';
    const to = query(req, 'to') ?? from;
    if (!validDay(from) || !validDay(to)) {
      res.status(400).type('text/plain').send(`from, to: ${ctxOf(req).t('badDay')}`);
      return;
    }
    const livemode = query(req, 'mode') === 'live';
    const out = await opts.reconciliation.exportDifferences({ livemode, fromDay: from, toDay: to, encoding: query(req, 'encoding') === 'shift_jis' ? 'shift_jis' : 'utf-8' });
    sendFile(res, { contentType: out.contentType, filename: `reconciliation-${livemode ? 'live' : 'test'}-${from}${to === from ? '' : `-${to}`}.csv`, data: out.csv });
  }));

  r.get('/invoice-payments', wrap(async (req, res) => {
    const livemode = query(req, 'mode') === 'live';
    const page = await opts.invoices.listInvoicePayments({ merchantId: '', livemode, status: 'unmatched', pageSize: 50, pageToken: query(req, 'page') ?? '' });
    const nextHref = page.nextPageToken ? `/operator/invoice-payments?mode=${livemode ? 'live' : 'test'}&page=${encodeURIComponent(page.nextPageToken)}` : undefined;
    render(req, res, 200, ctxOf(req).t('invoicePayments'), (ctx) => <InvoicePaymentsPage ctx={ctx} payments={page.payments} nextHref={nextHref} />);
  }));

  r.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof DomainError && err.kind === 'invalid_argument' ? 400 : 502;
    if (status === 502) opts.logger.error({ err: String(err), path: req.originalUrl }, 'operator page failed');
    res.status(status).type('text/plain').send(err instanceof DomainError ? err.message : 'the fees service did not answer');
  });
  app.use('/operator', r);
}

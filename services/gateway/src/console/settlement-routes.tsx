import type { Router } from 'express';
import type { ConsoleDeps } from '../app/console/deps';
import { query } from './http-helpers';
import { FeeItemsPage, StatementPage, StatementsPage } from './pages/settlement';
import { ISO_DATE, PAGE, withQuery, type SignedIn } from './route-kit';

/**
 * The settlement pages (docs/console.md, "Settlement"): the acting merchant's
 * collection statements and the fee items behind them, on the fees service's
 * gRPC API. A tenant's statements are seen by switching to the tenant.
 */
export function mountSettlementPages(r: Router, { deps, signedIn }: { deps: ConsoleDeps; signedIn: SignedIn }): void {
  const { fees } = deps.settlement;

  r.get('/statements', signedIn('settlement.view', async ({ req, actor, ctx, render }) => {
    const res = await fees.listStatements({ merchantId: actor.merchant.id, livemode: actor.livemode, pageSize: PAGE, pageToken: query(req, 'page') ?? '' });
    const nextHref = res.nextPageToken ? withQuery('/console/statements', { page: res.nextPageToken }) : undefined;
    render(200, ctx.t('statements'), <StatementsPage ctx={ctx} statements={res.statements} nextHref={nextHref} />);
  }));

  r.get('/statements/:id', signedIn('settlement.view', async ({ req, actor, ctx, render }) => {
    // another merchant's statement is "not found" (the fees service checks the merchant)
    const { statement } = await fees.getStatement({ statementId: String(req.params.id), merchantId: actor.merchant.id });
    if (!statement || statement.livemode !== actor.livemode) throw new Error('the fees service answered no statement');
    render(200, ctx.t('statements'), <StatementPage ctx={ctx} statement={statement} />);
  }));

  r.get('/fee-items', signedIn('settlement.view', async ({ req, actor, ctx, render }) => {
    const date = (name: string) => {
      const v = query(req, name);
      return v && ISO_DATE.test(v) ? v : undefined;
    };
    const filters = { from: date('from'), to: date('to'), kind: query(req, 'kind') };
    const res = await fees.listFeeItems({
      merchantId: actor.merchant.id, livemode: actor.livemode, pageSize: PAGE, pageToken: query(req, 'page') ?? '',
      kind: filters.kind ?? '', causeId: '', fromDate: filters.from ?? '', toDate: filters.to ?? '',
    });
    const nextHref = res.nextPageToken ? withQuery('/console/fee-items', { ...filters, page: res.nextPageToken }) : undefined;
    render(200, ctx.t('feeItems'), <FeeItemsPage ctx={ctx} items={res.items} filters={filters} nextHref={nextHref} />);
  }));
}

import type { feesV1 } from '@kessai/contracts';
import { ButtonLink, DetailList, formatDate, formatDateTime, formatYen, Pagination, Table } from '@kessai/web';
import { can } from '../../domain/console/roles';
import { consoleMessages } from '../messages';
import { ConsoleFrame, type PageContext } from './frame';

/** The settlement pages (docs/console.md, "Settlement"): the fees service's statements and fee items as its gRPC API gives them. */
export type StatementView = feesV1.Statement;

/** the word for a value the fees service sends as text (a cycle, a fee kind); an unknown one is shown as sent */
function wordFor(ctx: PageContext, key: string, value: string): string {
  return key in consoleMessages.ja ? (ctx.t as (k: string) => string)(key) : value;
}

const statementStatusText = (ctx: PageContext, s: StatementView) => (s.status === 'fixed' ? ctx.t('statementFixed') : ctx.t('statementOpen'));

export function StatementsPage({ ctx, statements, nextHref }: { ctx: PageContext; statements: StatementView[]; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('statements')}>
      <p>{t('statementsHint')}</p>
      <Table
        t={t}
        id="statements"
        caption={t('statements')}
        rows={statements}
        rowKey={(s) => s.id}
        empty={t('noData')}
        columns={[
          { header: t('period'), cell: (s) => <a href={`/console/statements/${s.id}`}>{`${formatDate(s.periodStart, lang)} – ${formatDate(s.periodClose, lang)}`}</a>, rowHeader: true },
          { header: t('status'), cell: (s) => statementStatusText(ctx, s) },
          { header: t('confirmedCollections'), cell: (s) => formatYen(s.confirmedCollections), align: 'end' },
          { header: t('feesAndTax'), cell: (s) => formatYen(s.fees + s.payoutFee + s.consumptionTax), align: 'end' },
          { header: t('payoutAmount'), cell: (s) => formatYen(s.payoutAmount), align: 'end' },
          { header: t('payoutDate'), cell: (s) => (s.payoutAmount > 0 ? formatDate(s.payoutDate, lang) : t('carriedOverShort')), align: 'end' },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function StatementPage({ ctx, statement: s }: { ctx: PageContext; statement: StatementView }) {
  const { t, lang } = ctx;
  const base = `/console/statements/${s.id}`;
  return (
    <ConsoleFrame ctx={ctx} heading={t('statementOf', `${formatDate(s.periodStart, lang)} – ${formatDate(s.periodClose, lang)}`)}>
      <DetailList
        items={[
          { term: 'ID', detail: s.id },
          { term: t('status'), detail: statementStatusText(ctx, s) },
          { term: t('settlementCycle'), detail: wordFor(ctx, `cycle_${s.settlementCycle}`, s.settlementCycle) },
          { term: t('fixDate'), detail: formatDate(s.fixDate, lang) },
          { term: t('fixedAt'), detail: s.fixedAt ? formatDateTime(s.fixedAt, lang) : '—' },
          { term: t('confirmedCollections'), detail: formatYen(s.confirmedCollections) },
          { term: t('carriedIn'), detail: formatYen(s.carriedIn) },
          { term: t('feesExclTax'), detail: formatYen(s.fees) },
          { term: t('payoutFee'), detail: formatYen(s.payoutFee) },
          { term: t('consumptionTax'), detail: formatYen(s.consumptionTax) },
          { term: t('stampDuty'), detail: formatYen(s.stampDuty) },
          { term: t('payoutAmount'), detail: formatYen(s.payoutAmount) },
          { term: t('payoutDate'), detail: s.payoutAmount > 0 ? formatDate(s.payoutDate, lang) : '—' },
          { term: t('carriedOver'), detail: formatYen(s.carriedOver) },
        ]}
      />
      <p class="actions">
        <ButtonLink href={`/console/fee-items?from=${s.periodStart}&to=${s.periodClose}`}>{t('feeItemsOfPeriod')}</ButtonLink>
        {can(ctx.actor.user.role, 'settlement.export') && <ButtonLink href={`${base}/document?format=pdf`}>{t('downloadPdf')}</ButtonLink>}
        {can(ctx.actor.user.role, 'settlement.export') && <ButtonLink href={`${base}/document?format=csv`}>{`CSV: ${t('csvUtf8')}`}</ButtonLink>}
      </p>
    </ConsoleFrame>
  );
}

export function FeeItemsPage({ ctx, items, filters, nextHref }: { ctx: PageContext; items: feesV1.FeeItem[]; filters: { from?: string; to?: string; kind?: string }; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('feeItems')}>
      <p>{filters.from && filters.to ? t('feeItemsBetween', formatDate(filters.from, lang), formatDate(filters.to, lang)) : t('feeItemsHint')}</p>
      <Table
        t={t}
        id="fee-items"
        caption={t('feeItems')}
        rows={items}
        rowKey={(i) => i.id}
        empty={t('noData')}
        columns={[
          { header: t('occurredOn'), cell: (i) => formatDate(i.occurredOn, lang), rowHeader: true },
          { header: t('feeKind'), cell: (i) => wordFor(ctx, `feeKind_${i.kind}`, i.kind) },
          { header: t('amountExclTax'), cell: (i) => formatYen(i.amount), align: 'end' },
          { header: t('cause'), cell: (i) => `${i.causeType} ${i.causeId}` },
          { header: t('settledBy'), cell: (i) => (i.settlement === 'collection' ? t('settledByPayout') : t('settledByInvoice')) },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

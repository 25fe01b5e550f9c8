import { Alert, DetailList, formatDate, formatYen, Table } from '@kessai/web';
import type { Dashboard } from '../../app/console/load-dashboard';
import { CHART_DAYS } from '../../app/console/load-dashboard';
import { orderToRest } from '../../http/routes/remittance-wire';
import { CollectionsChart, RateChart } from './charts';
import { orderStatusText } from './remittance';
import { InvoicesTable, PayoutsTable } from './settlement';
import { ConsoleFrame, type PageContext } from './frame';

export function DashboardPage({ ctx, data }: { ctx: PageContext; data: Dashboard }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('navDashboard')}>
      <section aria-labelledby="today-heading">
        <h2 id="today-heading">{formatDate(data.today.date, lang)}</h2>
        <DetailList
          items={[
            { term: t('todayPreliminary'), detail: formatYen(data.today.preliminary) },
            { term: t('todayConfirmed'), detail: formatYen(data.today.confirmed) },
            { term: t('navPayments'), detail: t('todayCount', data.today.count) },
            { term: t('balanceTotal'), detail: formatYen(data.balance.total) },
            { term: t('balanceHeld'), detail: formatYen(data.balance.held) },
            { term: t('balanceAvailable'), detail: formatYen(data.balance.available) },
            { term: t('failedWebhooks'), detail: String(data.webhooks.failed) },
          ]}
        />
      </section>
      <section aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">{t('waitingOrders')}</h2>
        {data.waitingOrders.length > 0 && <Alert kind="warning">{t('waitingHint', formatYen(data.waitingOrders.reduce((s, o) => s + o.shortfallAmount, 0)))}</Alert>}
        <Table
          t={t}
          id="dashboard-waiting"
          caption={t('waitingOrders')}
          rows={data.waitingOrders.map(orderToRest)}
          rowKey={(o) => o.id}
          empty={t('noData')}
          columns={[
            { header: t('purpose'), cell: (o) => <a href={`/console/remittance/${o.id}`}>{o.purpose}</a>, rowHeader: true },
            { header: t('status'), cell: (o) => orderStatusText(t, o.status) },
            { header: t('totalAmount'), cell: (o) => formatYen(o.total_amount), align: 'end' },
            { header: t('shortfall'), cell: (o) => formatYen(o.shortfall_amount), align: 'end' },
          ]}
        />
      </section>
      <section aria-labelledby="next-payout-heading">
        <h2 id="next-payout-heading">{t('nextPayout')}</h2>
        {data.nextPayouts.length === 0 ? <p>{t('noNextPayout')}</p> : <PayoutsTable ctx={ctx} payouts={data.nextPayouts} id="dashboard-payouts" caption={t('nextPayout')} />}
      </section>
      <section aria-labelledby="open-invoices-heading">
        <h2 id="open-invoices-heading">{t('openInvoices')}</h2>
        {data.openInvoices.some((i) => i.status === 'overdue') && <Alert kind="warning">{t('overdueHint')}</Alert>}
        <InvoicesTable ctx={ctx} invoices={data.openInvoices} id="dashboard-invoices" caption={t('openInvoices')} />
      </section>
      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">{t('chartCollections', CHART_DAYS)}</h2>
        <CollectionsChart days={data.days} title={t('chartCollections', CHART_DAYS)} labels={{ preliminary: t('preliminary'), confirmed: t('confirmed') }} />
        <Table
          t={t}
          id="collections"
          caption={t('chartCollections', CHART_DAYS)}
          rows={[...data.days].reverse()}
          rowKey={(d) => d.date}
          columns={[
            { header: t('date'), cell: (d) => formatDate(d.date, lang), rowHeader: true },
            { header: t('preliminary'), cell: (d) => formatYen(d.preliminary), align: 'end' },
            { header: t('confirmed'), cell: (d) => formatYen(d.confirmed), align: 'end' },
          ]}
        />
      </section>
      <section aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">{t('webhookSuccessRate')}</h2>
        <RateChart rate={data.webhooks.successRate} title={t('webhookSuccessRate')} label={t('noData')} />
        {data.webhooks.failed > 0 && <Alert kind="warning">{`${t('failedWebhooks')}: ${data.webhooks.failed}`}</Alert>}
        <Table
          t={t}
          id="failed-webhooks"
          caption={t('failedWebhooks')}
          rows={data.webhooks.failedDeliveries}
          rowKey={(d) => `${d.endpointId}-${d.eventId}`}
          empty={t('noData')}
          columns={[
            { header: t('event'), cell: (d) => <a href={`/console/webhooks/${d.endpointId}`}>{d.eventId}</a>, rowHeader: true },
            { header: t('url'), cell: (d) => d.url },
            { header: t('responseStatus'), cell: (d) => String(d.lastStatus), align: 'end' },
          ]}
        />
      </section>
    </ConsoleFrame>
  );
}

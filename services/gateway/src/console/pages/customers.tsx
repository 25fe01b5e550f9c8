import type { billingV1 } from '@kessai/contracts';
import { DetailList, formatDate, formatDateTime, formatYen, Pagination, Table } from '@kessai/web';
import { billStatusText } from './bills';
import { ConsoleFrame, type PageContext } from './frame';

export function CustomersPage({ ctx, customers, nextHref }: { ctx: PageContext; customers: billingV1.CustomerProfile[]; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('customers')}>
      <Table
        t={t}
        id="customers"
        caption={t('customers')}
        rows={customers}
        rowKey={(c) => c.id}
        empty={t('noData')}
        columns={[
          { header: t('customerNumber'), cell: (c) => <a href={`/console/customers/${c.id}`}>{c.customerNumber}</a>, rowHeader: true },
          { header: t('name'), cell: (c) => c.name },
          { header: t('email'), cell: (c) => c.email },
          { header: t('created'), cell: (c) => (c.createdAt ? formatDateTime(c.createdAt, lang) : '') },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function CustomerPage({ ctx, customer, openBills }: { ctx: PageContext; customer: billingV1.CustomerProfile; openBills: billingV1.Bill[] }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('customerDetail', customer.name)}>
      <DetailList
        items={[
          { term: t('customerNumber'), detail: customer.customerNumber },
          { term: t('name'), detail: customer.name },
          { term: t('email'), detail: customer.email },
          { term: 'ID', detail: customer.id },
        ]}
      />
      <Table
        t={t}
        id="open-bills"
        caption={t('openBills')}
        rows={openBills}
        rowKey={(b) => b.id}
        empty={t('noData')}
        columns={[
          { header: 'ID', cell: (b) => <a href={`/console/bills/${b.id}`}>{b.id}</a>, rowHeader: true },
          { header: t('status'), cell: (b) => billStatusText(t, b.status) },
          { header: t('amount'), cell: (b) => formatYen(b.amount), align: 'end' },
          { header: t('dueDate'), cell: (b) => formatDate(b.dueDate, lang) },
        ]}
      />
    </ConsoleFrame>
  );
}

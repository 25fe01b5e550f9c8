import { webhookV1 } from '@kessai/contracts';
import { Alert, Button, Copyable, DetailList, ErrorSummary, Form, formatDateTime, Pagination, Table, TextField } from '@kessai/web';
import { can } from '../../domain/console/roles';
import { ConsoleFrame, CsrfField, PostButton, type PageContext } from './frame';

const deliveryStatus = (d: webhookV1.Delivery) =>
  d.status === webhookV1.DeliveryStatus.DELIVERY_STATUS_SUCCEEDED ? 'succeeded' : d.status === webhookV1.DeliveryStatus.DELIVERY_STATUS_FAILED ? 'failed' : 'pending';

export function EndpointsPage({ ctx, endpoints, errors, values, secret }: { ctx: PageContext; endpoints: webhookV1.Endpoint[]; errors: { field: string; message: string }[]; values?: Record<string, string>; secret?: string }) {
  const { t, lang } = ctx;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <ConsoleFrame ctx={ctx} heading={t('endpoints')}>
      {secret && (
        <Alert kind="success" title={t('secretOnce')}>
          <Copyable t={t} id="endpoint-secret" value={secret} label={t('secretOnce')} />
        </Alert>
      )}
      <Table
        t={t}
        id="endpoints"
        caption={t('endpoints')}
        rows={endpoints}
        rowKey={(e) => e.id}
        empty={t('noData')}
        columns={[
          { header: t('url'), cell: (e) => <a href={`/console/webhooks/${e.id}`}>{e.url}</a>, rowHeader: true },
          { header: t('events'), cell: (e) => e.enabledEvents.join(', ') },
          { header: t('status'), cell: (e) => (e.status === webhookV1.EndpointStatus.ENDPOINT_STATUS_ENABLED ? t('active') : t('disabled')) },
          { header: t('created'), cell: (e) => (e.createdAt ? formatDateTime(e.createdAt, lang) : '') },
        ]}
      />
      {can(ctx.actor.user.role, 'webhooks.manage') && (
        <section aria-labelledby="add-endpoint">
          <h2 id="add-endpoint">{t('addEndpoint')}</h2>
          <ErrorSummary t={t} errors={errors} />
          <Form action="/console/webhooks" label={t('addEndpoint')}>
            <CsrfField ctx={ctx} />
            <TextField t={t} name="url" label={t('url')} value={values?.url} required error={err('url')} maxLength={2048} />
            <TextField t={t} name="enabled_events" label={t('events')} hint={t('eventsHint')} value={values?.enabled_events ?? '*'} required error={err('enabled_events')} />
            <TextField t={t} name="description" label={t('description')} value={values?.description} error={err('description')} maxLength={500} />
            <Button>{t('add')}</Button>
          </Form>
        </section>
      )}
    </ConsoleFrame>
  );
}

export function EndpointPage({ ctx, endpoint, deliveries }: { ctx: PageContext; endpoint: webhookV1.Endpoint; deliveries: webhookV1.Delivery[] }) {
  const { t, lang } = ctx;
  const canRedeliver = can(ctx.actor.user.role, 'webhooks.redeliver');
  return (
    <ConsoleFrame ctx={ctx} heading={t('endpointDetail', endpoint.url)}>
      <DetailList
        items={[
          { term: 'ID', detail: endpoint.id },
          { term: t('url'), detail: endpoint.url },
          { term: t('events'), detail: endpoint.enabledEvents.join(', ') },
          { term: t('description'), detail: endpoint.description || '—' },
        ]}
      />
      <Table
        t={t}
        id="deliveries"
        caption={t('deliveries')}
        rows={deliveries}
        rowKey={(d) => d.id}
        empty={t('noData')}
        columns={[
          { header: t('event'), cell: (d) => d.eventId, rowHeader: true },
          { header: t('status'), cell: (d) => deliveryStatus(d) },
          { header: t('attempts'), cell: (d) => String(d.attempts.length), align: 'end' },
          { header: t('responseStatus'), cell: (d) => String(d.attempts[d.attempts.length - 1]?.responseStatus ?? '—'), align: 'end' },
          { header: t('when'), cell: (d) => { const a = d.attempts[d.attempts.length - 1]?.attemptedAt; return a ? formatDateTime(a, lang) : '—'; } },
          ...(canRedeliver
            ? [{ header: t('redeliver'), cell: (d: webhookV1.Delivery) => <PostButton ctx={ctx} action={`/console/webhooks/${endpoint.id}/redeliver`} label={t('redeliver')} fields={{ event: d.eventId }} name={`${t('redeliver')} ${d.eventId}`} /> }]
            : []),
        ]}
      />
      {can(ctx.actor.user.role, 'webhooks.manage') && <PostButton ctx={ctx} action={`/console/webhooks/${endpoint.id}/delete`} label={t('deleteEndpoint')} variant="danger" />}
    </ConsoleFrame>
  );
}

export function EventsPage({ ctx, events, nextHref }: { ctx: PageContext; events: webhookV1.Event[]; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('eventLog')}>
      <Table
        t={t}
        id="events"
        caption={t('eventLog')}
        rows={events}
        rowKey={(e) => e.id}
        empty={t('noData')}
        columns={[
          { header: 'ID', cell: (e) => e.id, rowHeader: true },
          { header: t('type'), cell: (e) => e.type },
          { header: t('account'), cell: (e) => e.merchantId },
          { header: t('created'), cell: (e) => (e.createdAt ? formatDateTime(e.createdAt, lang) : '') },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

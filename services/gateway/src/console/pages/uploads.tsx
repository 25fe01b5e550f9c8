import { Alert, Table } from '@kessai/web';
import type { RowError } from '../route-kit';
import type { PageContext } from './frame';

/** A refused upload: every error against the file's row (number and values), nothing added. */
export function RowErrors({ ctx, errors }: { ctx: PageContext; errors: RowError[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="row-errors-heading">
      <h2 id="row-errors-heading">{t('uploadRefused', errors.length)}</h2>
      <Alert kind="error">{t('uploadRefusedHint')}</Alert>
      <Table
        t={t}
        id="row-errors"
        caption={t('uploadErrors')}
        rows={errors}
        rowKey={(e) => `${e.row ?? 'file'}-${e.field}-${e.message}`}
        columns={[
          { header: t('row'), cell: (e) => (e.row === null ? t('wholeFile') : String(e.row)), rowHeader: true, align: 'end' },
          { header: t('column'), cell: (e) => e.field || '—' },
          { header: t('errorText'), cell: (e) => e.message },
          { header: t('rowValues'), cell: (e) => e.values || '—' },
        ]}
      />
    </section>
  );
}

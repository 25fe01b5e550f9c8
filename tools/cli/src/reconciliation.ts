import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { feesV1 } from '@kessai/contracts';
import { connectClient, serviceAddress } from '@kessai/platform';
import { parseYen, UsageError } from './args';

export const RECONCILIATION_HELP = `  kessai reconciliation run --day YYYY-MM-DD [--live]        reconcile a finished day now (replaces its result)
  kessai reconciliation get --day YYYY-MM-DD [--live]        a day's result and its differences
  kessai reconciliation differences [--from D] [--to D] [--category C] [--kind K] [--limit N] [--page TOKEN] [--live]
  kessai reconciliation export --from D [--to D] [--encoding shift_jis] [--out FILE] [--live]   CSV (stdout unless --out)`;

/** `kessai reconciliation …`: the fees service's ReconciliationService (operator-only; docs/reference/fees-and-settlement.md#daily-reconciliation). */
export async function reconciliationCommand(action: string | undefined, args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: {
      day: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, category: { type: 'string' }, kind: { type: 'string' },
      limit: { type: 'string' }, page: { type: 'string' }, encoding: { type: 'string' }, out: { type: 'string' }, live: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const livemode = values.live;
  const client = connectClient(feesV1.ReconciliationServiceClient, serviceAddress('fees'));
  try {
    switch (action) {
      case 'run':
        return await client.runReconciliation({ livemode, day: values.day ?? '' });
      case 'get':
        return await client.getReconciliation({ livemode, day: values.day ?? '' });
      case 'differences':
        return await client.listDifferences({
          livemode, fromDay: values.from ?? '', toDay: values.to ?? '', category: values.category ?? '', kind: values.kind ?? '',
          pageSize: values.limit ? parseYen(values.limit, '--limit') : 0, pageToken: values.page ?? '',
        });
      case 'export': {
        const r = await client.exportDifferences({ livemode, fromDay: values.from ?? '', toDay: values.to ?? '', encoding: values.encoding ?? '' });
        if (values.out) {
          fs.writeFileSync(values.out, r.csv);
          return { out: values.out, rows: r.rows, contentType: r.contentType };
        }
        process.stdout.write(Buffer.from(r.csv));
        return { rows: r.rows };
      }
      default:
        throw new UsageError(RECONCILIATION_HELP);
    }
  } finally {
    client.close();
  }
}

import { randomUUID } from 'node:crypto';
import { remittanceV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, productScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/**
 * A recipients CSV uploaded from the order page, through AddRecipients like
 * the REST upload: the encoding detected, accepted or refused whole (each
 * error names rows[n].field).
 */
export function consoleAddRecipients(deps: ConsoleDeps, actor: ConsoleActor, orderId: string, csv: Buffer, filename: string): Promise<{ added: number; order: remittanceV1.Order }> {
  return useCase('gateway.console.add_remittance_recipients', async () => {
    authorize(actor, 'remittance.manage');
    const r = await deps.remittance.addRecipients({ scope: productScope(actor), requestId: randomUUID(), orderId, rows: [], csv, csvEncoding: remittanceV1.CsvEncoding.CSV_ENCODING_UNSPECIFIED });
    await recordAudit(deps, actor, 'remittance_recipients.uploaded', orderId, { added: r.added, filename });
    return { added: r.added, order: r.order! };
  });
}

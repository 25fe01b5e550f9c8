import { PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { documentsStore } from '../db/documents-store';
import { fixingStore } from '../db/statements-store';
import { statementInvoice, type TenantShareLine } from '../domain/qualified-invoice';
import type { FeesDeps } from './deps';
import { findStatement } from './get-statement';
import { documentRequest, recipientName, renderDocument, type DocumentFormat, type DocumentSettings, type RenderedDocument } from './documents';

/**
 * A fixed collection statement as a qualified invoice, PDF or CSV
 * (docs/reference/fees-and-settlement.md#qualified-invoice-documents): the
 * fee items it settled, the payout fee, the tax per rate, stamp duty, and the
 * settlement. Another merchant's statement is not found (a tenant's is, for
 * its owner with includeTenants).
 */
export function getStatementDocument(
  deps: FeesDeps,
  settings: DocumentSettings,
  req: { statementId: string; merchantId: string; format: DocumentFormat | ''; encoding: string; includeTenants?: boolean },
): Promise<RenderedDocument> {
  return useCase('fees.get_statement_document', async () => {
    if (!req.statementId) throw ValidationError.field('statement_id', 'is required');
    if (!req.merchantId) throw ValidationError.field('merchant_id', 'is required');
    const wanted = documentRequest(req.format, req.encoding);
    const s = await findStatement(deps, req.statementId, req.merchantId, req.includeTenants ?? false);
    if (s.status !== 'fixed') throw new PreconditionError('statement_not_fixed', `statement ${s.id} is not fixed yet`);
    const charges = await documentsStore.statementCharges(deps.dataSource, s.id);
    const tenants = await tenantLines(deps, s.id, s.merchantId);
    const doc = statementInvoice(
      { id: s.id, merchantId: s.merchantId, livemode: s.livemode, periodStart: s.periodStart, periodClose: s.periodClose, fixDate: s.fixDate, payoutDate: s.payoutDate, figures: s, charges, tenants },
      settings.issuer,
      await recipientName(deps, s.merchantId),
    );
    return renderDocument(doc, wanted, settings);
  });
}

/** Upper bound of merchants on one statement's breakdown (an owner and its tenants). */
const MAX_SHARES = 1_000;

/** The statement's per-merchant shares (as PayoutService.ListStatementTenants has them), named; none when only its own merchant is on it. */
async function tenantLines(deps: FeesDeps, statementId: string, merchantId: string): Promise<TenantShareLine[]> {
  const rows = await fixingStore.tenants(deps.dataSource, statementId, '', MAX_SHARES);
  if (!rows.some((r) => r.merchantId !== merchantId)) return [];
  return Promise.all(rows.map(async (r) => ({ ...r, name: await recipientName(deps, r.merchantId) })));
}

import { tokyoDate } from '@kessai/bank-calendar';
import { documentsStore } from '../db/documents-store';
import { invoicesStore } from '../db/invoices-store';
import { merchantsStore } from '../db/merchants-store';
import { MONTHLY_KINDS } from '../domain/invoice';
import type { ChargeGroup } from '../domain/qualified-invoice';
import type { InvoiceSource } from './get-invoice-document';

const MONTHLY: readonly string[] = MONTHLY_KINDS;

/**
 * The monthly remittance invoices (fees.invoices) as documents: the fee items
 * each charged, summed per kind and taxability, and its monthly fees (lines of
 * the invoice, not fee items: computeInvoice puts a monthly kind's line in
 * place of any item of that kind, so the document does the same). Another
 * merchant's is null; a tenant's is found for its owner with includeTenants.
 * The figures go along so the document is checked against them.
 */
export const INVOICES: InvoiceSource = {
  async find(deps, invoiceId, merchantId, includeTenants) {
    const i = await invoicesStore.get(deps.dataSource, invoiceId);
    if (!i) return null;
    const reachable = i.merchantId === merchantId || (includeTenants && (await merchantsStore.isTenantOf(deps.dataSource, i.merchantId, merchantId)));
    if (!reachable) return null;
    const monthly: ChargeGroup[] = i.lines.filter((l) => MONTHLY.includes(l.kind)).map((l) => ({ kind: l.kind, count: l.quantity, amount: l.amount, taxable: true }));
    const items = (await documentsStore.invoiceCharges(deps.dataSource, i.id)).filter((g) => !monthly.some((m) => m.kind === g.kind));
    return {
      id: i.id, merchantId: i.merchantId, livemode: i.livemode, periodStart: i.periodStart, periodEnd: i.periodEnd, issuedOn: tokyoDate(i.issuedAt), dueOn: i.dueDate,
      charges: [...items, ...monthly], figures: { consumptionTax: i.consumptionTax, total: i.total },
    };
  },
};

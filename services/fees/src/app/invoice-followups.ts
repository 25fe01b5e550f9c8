import { feesEventsV1, ledgerV1, notificationV1, type feesV1 } from '@kessai/contracts';
import { isDomainError, useCase, type EventEnvelope } from '@kessai/platform';
import { invoicePaymentsStore, type InvoicePaymentRow } from '../db/invoice-payments-store';
import type { FeesDeps } from './deps';

const T = ledgerV1.AccountType;
const platform = (type: ledgerV1.AccountType): ledgerV1.AccountRef => ({ ownerId: 'platform', type });
const receivable = (merchantId: string): ledgerV1.AccountRef => ({ ownerId: merchantId, type: T.ACCOUNT_TYPE_FEES_RECEIVABLE });

/**
 * What follows an invoice's events, in this service's own inbox (so a crash
 * neither loses nor doubles it: the ledger replays a posting by its key, the
 * notification service a message by its request id):
 * - fees.invoice.issued: the ledger transaction `fees_receivable` −total →
 *   `platform_fee_revenue` +fees, `platform_tax_payable` +tax (key
 *   `fees.invoice:<id>`), then the email (kind 13) to the merchant's contacts;
 * - fees.invoice.paid: `platform_bank` −amount → `fees_receivable` +amount
 *   (key `fees.invoice_payment:<deposit>`), with the deposit's bank reference
 *   and business date (settled on receipt, or applied by an operator alike);
 * - fees.invoice.overdue: the email (kind 14).
 * docs/reference/fees-and-settlement.md#ledger-accounts
 */
export function onInvoiceIssued(deps: FeesDeps, envelope: EventEnvelope): Promise<void> {
  return useCase('fees.invoice_issued_followup', async () => {
    const invoice = feesEventsV1.InvoiceIssued.decode(envelope.payload).invoice;
    if (!invoice) throw new Error(`event ${envelope.id}: no invoice`);
    if (invoice.total > 0) {
      await deps.ledger.post({
        idempotencyKey: `fees.invoice:${invoice.id}`, livemode: invoice.livemode, kind: 'invoice.issued', merchantId: invoice.merchantId,
        description: `remittance fees ${invoice.month}`, metadata: { invoice_id: invoice.id, month: invoice.month },
        postings: [
          { account: receivable(invoice.merchantId), amount: -invoice.total },
          { account: platform(T.ACCOUNT_TYPE_PLATFORM_FEE_REVENUE), amount: invoice.fees },
          ...(invoice.consumptionTax > 0 ? [{ account: platform(T.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE), amount: invoice.consumptionTax }] : []),
        ],
      });
      await mail(deps, invoice, notificationV1.MessageKind.MESSAGE_KIND_INVOICE_ISSUED, `fees.invoice_issued:${invoice.id}`);
    }
  }, { livemode: envelope.livemode });
}

export function onInvoicePaid(deps: FeesDeps, envelope: EventEnvelope): Promise<void> {
  return useCase('fees.invoice_paid_followup', async () => {
    const { invoice, depositId, amount } = feesEventsV1.InvoicePaid.decode(envelope.payload);
    if (!invoice || !depositId || amount <= 0) throw new Error(`event ${envelope.id}: no invoice, deposit or amount`);
    const payment = await invoicePaymentsStore.get(deps.dataSource, depositId);
    await deps.ledger.post({
      idempotencyKey: `fees.invoice_payment:${depositId}`, livemode: invoice.livemode, kind: 'invoice.paid', merchantId: invoice.merchantId,
      description: `payment of invoice ${invoice.id}`, metadata: { invoice_id: invoice.id, deposit_id: depositId, ...bankSide(payment) },
      postings: [
        { account: platform(T.ACCOUNT_TYPE_PLATFORM_BANK), amount: -amount },
        { account: receivable(invoice.merchantId), amount },
      ],
    });
  }, { livemode: envelope.livemode });
}

/**
 * The bank's reference and date of the deposit, as `deposit.received` carries
 * them: the daily reconciliation pairs the posting with the bank's deposit by
 * reference on its bank date (docs/reference/fees-and-settlement.md#daily-reconciliation).
 * A payment recorded before they were kept has none: paired by amount.
 */
function bankSide(payment: InvoicePaymentRow | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (payment?.bankReference) out.bank_reference = payment.bankReference;
  if (payment?.businessDate) out.business_date = payment.businessDate;
  return out;
}

export function onInvoiceOverdue(deps: FeesDeps, envelope: EventEnvelope): Promise<void> {
  return useCase('fees.invoice_overdue_followup', async () => {
    const invoice = feesEventsV1.InvoiceOverdue.decode(envelope.payload).invoice;
    if (!invoice) throw new Error(`event ${envelope.id}: no invoice`);
    await mail(deps, invoice, notificationV1.MessageKind.MESSAGE_KIND_INVOICE_OVERDUE, `fees.invoice_overdue:${invoice.id}`);
  }, { livemode: envelope.livemode });
}

/** To the merchant's contact addresses, with the invoice account of the invoice's mode (none: nothing sent). */
async function mail(deps: FeesDeps, invoice: feesV1.Invoice, kind: notificationV1.MessageKind, requestId: string): Promise<void> {
  const merchant = await deps.gateway.getMerchant({ merchantId: invoice.merchantId }).then(
    (r) => r.merchant,
    (err: unknown) => {
      if (isDomainError(err) && err.kind === 'not_found') return undefined;
      throw err;
    },
  );
  if (!merchant) return; // unknown to the gateway: no one to write to
  const account = invoice.livemode ? merchant.liveInvoiceAccountNumber : merchant.testInvoiceAccountNumber;
  await deps.mailer.toContacts({
    requestId, livemode: invoice.livemode, merchantId: invoice.merchantId, kind, amount: invoice.total, reference: invoice.id,
    variables: { invoice_id: invoice.id, month: invoice.month, due_date: invoice.dueDate, account_number: account || '-' },
  });
}

import type { FeeItemRow } from '../db/fee-items-store';
import type { PayoutRow } from '../db/payouts-store';
import type { InvoicePaymentRow } from '../db/invoice-payments-store';
import type { InvoiceRow } from '../db/invoices-store';
import type { StatementRow } from '../db/statements-store';
import type { FeeAmounts } from '../domain/schedule';

/** What handlers see (the stores' rows, as app-level types). */
export type FeeItemView = FeeItemRow;
export type StatementView = StatementRow;
export type PayoutView = PayoutRow;

export interface ScheduleView {
  merchantId: string;
  effectiveFrom: string;
  amounts: FeeAmounts;
}

export type InvoiceView = InvoiceRow;
export type InvoicePaymentView = InvoicePaymentRow;

import { Fees1765300000300 } from './1765300000300-fees';
import { FeesPayouts1765400000100 } from './1765400000100-payouts';
import { FeesStatementTenants1765400000101 } from './1765400000101-statement-tenants';
import { FeesInvoices1765400000200 } from './1765400000200-invoices';
import { FeesDocumentIndexes1765400000300 } from './1765400000300-document-indexes';
import { FeesReconciliation1765400000400 } from './1765400000400-reconciliation';
import { FeesInvoicePaymentBankReference1765400000500 } from './1765400000500-invoice-payment-bank-reference';

/** The fees service's migrations, oldest first (the platform's tables come before them). */
export const FEES_MIGRATIONS = [
  Fees1765300000300,
  FeesPayouts1765400000100,
  FeesStatementTenants1765400000101,
  FeesInvoices1765400000200,
  FeesDocumentIndexes1765400000300,
  FeesReconciliation1765400000400,
  FeesInvoicePaymentBankReference1765400000500,
];

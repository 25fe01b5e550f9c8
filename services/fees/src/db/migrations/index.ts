import { Fees1765300000300 } from './1765300000300-fees';
import { FeesInvoices1765400000200 } from './1765400000200-invoices';

/** The fees service's migrations, oldest first (the platform's tables come before them). */
export const FEES_MIGRATIONS = [Fees1765300000300, FeesInvoices1765400000200];

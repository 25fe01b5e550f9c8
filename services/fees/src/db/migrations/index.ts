import { Fees1765300000300 } from './1765300000300-fees';
import { FeesReconciliation1765400000400 } from './1765400000400-reconciliation';

/** The fees service's migrations, oldest first (the platform's tables come before them). */
export const FEES_MIGRATIONS = [Fees1765300000300, FeesReconciliation1765400000400];

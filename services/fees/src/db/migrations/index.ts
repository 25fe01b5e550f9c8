import { Fees1765300000300 } from './1765300000300-fees';
import { FeesPayouts1765400000100 } from './1765400000100-payouts';

/** The fees service's migrations, oldest first (the platform's tables come before them). */
export const FEES_MIGRATIONS = [Fees1765300000300, FeesPayouts1765400000100];

import { Fees1765300000300 } from './1765300000300-fees';
import { FeesDocumentIndexes1765400000300 } from './1765400000300-document-indexes';

/** The fees service's migrations, oldest first (the platform's tables come before them). */
export const FEES_MIGRATIONS = [Fees1765300000300, FeesDocumentIndexes1765400000300];

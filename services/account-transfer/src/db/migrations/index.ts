import { AccountTransfer1765000000500 } from './1765000000500-account-transfer';
import { DebitFiles1765000000510 } from './1765000000510-debit-files';

/** The account-transfer service's migrations, oldest first (the platform's tables come before them, ordered by timestamp). */
export const ACCOUNT_TRANSFER_MIGRATIONS = [AccountTransfer1765000000500, DebitFiles1765000000510];

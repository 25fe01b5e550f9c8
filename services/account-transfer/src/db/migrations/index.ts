import { AccountTransfer1765000000500 } from './1765000000500-account-transfer';

/** The account-transfer service's migrations, oldest first (the platform's tables come before them, ordered by timestamp). */
export const ACCOUNT_TRANSFER_MIGRATIONS = [AccountTransfer1765000000500];

import { Ledger1764000000100 } from './1764000000100-ledger';

/** The ledger's migrations, oldest first (the platform's tables come before them). */
export const LEDGER_MIGRATIONS = [Ledger1764000000100];

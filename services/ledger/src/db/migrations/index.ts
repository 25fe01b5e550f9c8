import { Ledger1764000000100 } from './1764000000100-ledger';
import { HoldCommandsToPlatform1764900000200 } from './1764900000200-hold-commands-to-platform';

/** The ledger's migrations, oldest first (the platform's tables come before them, ordered by timestamp). */
export const LEDGER_MIGRATIONS = [Ledger1764000000100, HoldCommandsToPlatform1764900000200];

import { Ledger1764000000100 } from './1764000000100-ledger';
import { HoldCommandsToPlatform1764900000200 } from './1764900000200-hold-commands-to-platform';
import { StoreSettlements1765400000200 } from './1765400000200-store-settlements';

/** The ledger's migrations, oldest first (the platform's tables come before them, ordered by timestamp). */
export const LEDGER_MIGRATIONS = [Ledger1764000000100, HoldCommandsToPlatform1764900000200, StoreSettlements1765400000200];

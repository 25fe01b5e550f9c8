import { Remittance1765000000500 } from './1765000000500-remittance';
import { TransfersByDate1765400000420 } from './1765400000420-transfers-by-date';

/** The remittance service's migrations, oldest first (the platform's tables come before them). */
export const REMITTANCE_MIGRATIONS = [Remittance1765000000500, TransfersByDate1765400000420];

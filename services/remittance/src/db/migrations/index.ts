import { Remittance1765000000500 } from './1765000000500-remittance';

/** The remittance service's migrations, oldest first (the platform's tables come before them). */
export const REMITTANCE_MIGRATIONS = [Remittance1765000000500];

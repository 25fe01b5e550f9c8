import { Billing1764000000500 } from './1764000000500-billing';

/** Billing's migrations, oldest first (the platform's tables come before them). */
export const BILLING_MIGRATIONS = [Billing1764000000500];

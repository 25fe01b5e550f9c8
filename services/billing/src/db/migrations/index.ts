import { Billing1764000000500 } from './1764000000500-billing';
import { CustomersIdempotencyMismatch1764000000510 } from './1764000000510-customers-idempotency-mismatch';

/** Billing's migrations, oldest first (the platform's tables come before them). */
export const BILLING_MIGRATIONS = [Billing1764000000500, CustomersIdempotencyMismatch1764000000510];

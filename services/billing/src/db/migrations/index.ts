import { Billing1764000000500 } from './1764000000500-billing';
import { CustomersIdempotencyMismatch1764000000510 } from './1764000000510-customers-idempotency-mismatch';
import { BillingIdempotencyCommands1764900000500 } from './1764900000500-billing-idempotency-commands';
import { KonbiniRules1765100000500 } from './1765100000500-konbini-rules';
import { MerchantMailsMetadata1765100000600 } from './1765100000600-merchant-mails-metadata';
import { ConfirmedPaymentsIndex1765400000410 } from './1765400000410-confirmed-payments-index';

/** Billing's migrations, oldest first (the platform's tables come before them, PlatformIdempotency1764900000000 among them). */
export const BILLING_MIGRATIONS = [
  Billing1764000000500,
  CustomersIdempotencyMismatch1764000000510,
  BillingIdempotencyCommands1764900000500,
  KonbiniRules1765100000500,
  MerchantMailsMetadata1765100000600,
  ConfirmedPaymentsIndex1765400000410,
];

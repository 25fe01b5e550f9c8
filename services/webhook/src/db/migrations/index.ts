import { Webhook1764000000300 } from './1764000000300-webhook';
import { Tenancy1764000000310 } from './1764000000310-tenancy';
import { WebhookIdempotencyRecords1764900000400 } from './1764900000400-idempotency-records';
import { StoreSettlementDeposits1765400000100 } from './1765400000100-store-settlement-deposits';
import { DeliveriesInFlight1765400000500 } from './1765400000500-deliveries-in-flight';
import { DeliveriesPendingByEndpoint1765600000100 } from './1765600000100-deliveries-pending-by-endpoint';

/** In order; the platform's own tables come first automatically. */
export const WEBHOOK_MIGRATIONS = [Webhook1764000000300, Tenancy1764000000310, WebhookIdempotencyRecords1764900000400, StoreSettlementDeposits1765400000100, DeliveriesInFlight1765400000500, DeliveriesPendingByEndpoint1765600000100];

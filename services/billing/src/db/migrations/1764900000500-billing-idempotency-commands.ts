import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The platform's request hash (`requestHash({ operation, request })`, the
 * first 32 hex digits of the SHA-256 of the canonical JSON) of a command whose
 * request is the digest billing stored before: the use cases pass that same
 * digest as the request, so a copied record matches its retry.
 */
const platformHash = (operation: string, digest: string) =>
  `left(encode(sha256(convert_to('{"operation":' || to_json((${operation})::text)::text || ',"request":' || to_json((${digest})::text)::text || '}', 'UTF8')), 'hex'), 32)`;

/** `merchantScope(family, livemode, merchantId)` in SQL: `<family>:<live|test>:<merchant id>`. */
const scope = (family: string, alias: string) => `${family} || ':' || CASE WHEN ${alias}.livemode THEN 'live' ELSE 'test' END || ':' || ${alias}.merchant_id`;

/**
 * Billing's request ids move onto the platform's idempotency_commands
 * (PlatformIdempotency1764900000000): the ids of bills and customers created
 * and of bill updates and deletions are copied there, so a retry of an old
 * request still replays. The old columns and billing.bill_requests are then
 * dropped in the same release: idempotency records cannot be shared with the
 * previous code (it would not see the records written since, and could repeat
 * an effect), so this release is rolled forward only (docs/operations.md,
 * "Releases that cannot be rolled back").
 */
export class BillingIdempotencyCommands1764900000500 implements MigrationInterface {
  name = 'BillingIdempotencyCommands1764900000500';

  async up(q: QueryRunner): Promise<void> {
    // CreateBill: the response is the bill id (a replay answers the bill as it is now)
    await q.query(`
      INSERT INTO billing.idempotency_commands (scope, key, operation, request_hash, response, created_at)
      SELECT ${scope(`'bill.create'`, 'b')}, b.request_id, 'bill.create', ${platformHash(`'bill.create'`, 'b.request_hash')}, to_jsonb(b.id), b.created_at
        FROM billing.bills b WHERE b.request_id <> ''
      ON CONFLICT DO NOTHING`);
    // UpdateBill and DeleteBill: the response is the bill as the first call left it
    await q.query(`
      INSERT INTO billing.idempotency_commands (scope, key, operation, request_hash, response, created_at)
      SELECT ${scope(`'bill.' || r.operation`, 'r')}, r.request_id, 'bill.' || r.operation, ${platformHash(`'bill.' || r.operation`, 'r.request_hash')}, r.result, r.created_at
        FROM billing.bill_requests r
      ON CONFLICT DO NOTHING`);
    // CreateCustomer: the response is the customer id
    await q.query(`
      INSERT INTO billing.idempotency_commands (scope, key, operation, request_hash, response, created_at)
      SELECT ${scope(`'customer.create'`, 'c')}, c.request_id, 'customer.create', ${platformHash(`'customer.create'`, 'c.request_hash')}, to_jsonb(c.id), c.created_at
        FROM billing.customers c WHERE c.request_id <> ''
      ON CONFLICT DO NOTHING`);
    await q.query(`DROP TABLE billing.bill_requests`);
    await q.query(`ALTER TABLE billing.bills DROP COLUMN request_id, DROP COLUMN request_hash`);
    await q.query(`ALTER TABLE billing.customers DROP COLUMN request_id, DROP COLUMN request_hash`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

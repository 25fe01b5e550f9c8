import { requestHash, type MigrationInterface, type QueryRunner } from '@kessai/platform';

/**
 * Merchant create keys move from `merchants.create_key`/`create_hash` to the
 * platform's `idempotency_commands` (PlatformIdempotency1764900000000, which
 * runs first), so a key used before keeps replaying its merchant and still
 * conflicts with another request. Data only; forward-only.
 *
 * The record is what `app/create-merchant.ts` stores: scope and operation
 * `merchant.create`, the request hashed as `Idempotency.run` hashes it (the
 * request being the old fingerprint, `create_hash`, unchanged), the merchant
 * id as the response. Written out here, not imported, so this migration stays
 * as it ran. The old columns are then dropped: the release is rolled forward
 * only (docs/operations.md, "Releases that cannot be rolled back").
 */
export class GatewayCreateKeys1764900000100 implements MigrationInterface {
  name = 'GatewayCreateKeys1764900000100';

  async up(q: QueryRunner): Promise<void> {
    const rows: { id: string; create_hash: string }[] = await q.query(
      `SELECT id, create_hash FROM gateway.merchants WHERE create_key IS NOT NULL AND create_hash IS NOT NULL`,
    );
    if (rows.length > 0) await copy(q, rows);
    await q.query(`ALTER TABLE gateway.merchants DROP COLUMN create_key, DROP COLUMN create_hash`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

async function copy(q: QueryRunner, rows: { id: string; create_hash: string }[]): Promise<void> {
  const hashes = rows.map((r) => requestHash({ operation: 'merchant.create', request: r.create_hash }));
  await q.query(
      `INSERT INTO gateway.idempotency_commands (scope, key, operation, request_hash, response, created_at)
       SELECT 'merchant.create', m.create_key, 'merchant.create', h.request_hash, jsonb_build_object('merchantId', m.id), m.created_at
         FROM gateway.merchants m
         JOIN unnest($1::text[], $2::text[]) AS h (id, request_hash) ON h.id = m.id
       ON CONFLICT (scope, key) DO NOTHING`,
    [rows.map((r) => r.id), hashes],
  );
}

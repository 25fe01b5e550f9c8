import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Holds, captures and releases moved from the ledger's own `commands` table
 * to the platform's `idempotency_commands` (kit.idempotency). The records are
 * copied as they are: the old table already stored the platform's
 * `requestHash({ operation, request })` and the response JSON, so a retry of a
 * command recorded before this migration still replays. Scope `ledger:live` /
 * `ledger:test` is the old table's `livemode` half of the key.
 * Runs after PlatformIdempotency1764900000000, which creates the table.
 */
export class HoldCommandsToPlatform1764900000200 implements MigrationInterface {
  name = 'HoldCommandsToPlatform1764900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO ledger.idempotency_commands (scope, key, operation, request_hash, response, created_at)
      SELECT CASE WHEN livemode THEN 'ledger:live' ELSE 'ledger:test' END, idempotency_key, operation, request_hash, response, created_at
        FROM ledger.commands`);
    await q.query(`DROP TABLE ledger.commands`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

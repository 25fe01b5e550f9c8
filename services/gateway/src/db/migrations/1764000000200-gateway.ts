import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/** Merchants (and tenants), their contract settings, API keys and deposit notices. */
export class Gateway1764000000200 implements MigrationInterface {
  name = 'Gateway1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.merchants (
        id                          text PRIMARY KEY,
        name                        text NOT NULL,
        owner_id                    text REFERENCES gateway.merchants (id),
        settings                    jsonb NOT NULL DEFAULT '{}',
        test_virtual_account_number text NOT NULL UNIQUE,
        live_virtual_account_number text NOT NULL UNIQUE,
        created_at                  timestamptz NOT NULL,
        create_key                  text UNIQUE,
        create_hash                 text
      )`);
    await q.query(`CREATE INDEX merchants_owner ON gateway.merchants (owner_id) WHERE owner_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE gateway.api_keys (
        id          text PRIMARY KEY,
        merchant_id text NOT NULL REFERENCES gateway.merchants (id),
        livemode    boolean NOT NULL,
        prefix      text NOT NULL,
        key_hash    text NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL,
        expires_at  timestamptz,
        revoked_at  timestamptz
      )`);
    await q.query(`CREATE INDEX api_keys_merchant ON gateway.api_keys (merchant_id)`);
    await q.query(`
      CREATE TABLE gateway.deposit_notices (
        id            text PRIMARY KEY,
        merchant_id   text NOT NULL REFERENCES gateway.merchants (id),
        livemode      boolean NOT NULL,
        amount        bigint NOT NULL CHECK (amount > 0),
        expected_on   date NOT NULL,
        payer_name    text,
        reference     text,
        created_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX deposit_notices_merchant ON gateway.deposit_notices (merchant_id, livemode, id DESC)`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

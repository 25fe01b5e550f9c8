import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The merchant console (docs/console.md): its users with their roles and
 * lockout state, their sessions (only a hash of the cookie's token is kept),
 * password reset tokens (hashed too) and the audit log of every change made in
 * the console.
 */
export class GatewayConsole1764900001000 implements MigrationInterface {
  name = 'GatewayConsole1764900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.console_users (
        id               text PRIMARY KEY,
        merchant_id      text NOT NULL REFERENCES gateway.merchants (id),
        login_id         text NOT NULL UNIQUE,
        name             text NOT NULL,
        email            text NOT NULL,
        role             text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
        password_hash    text NOT NULL,
        failed_attempts  integer NOT NULL DEFAULT 0,
        locked_until     timestamptz,
        totp_secret      text,
        totp_enabled     boolean NOT NULL DEFAULT false,
        created_at       timestamptz NOT NULL,
        disabled_at      timestamptz
      )`);
    await q.query(`CREATE INDEX console_users_merchant ON gateway.console_users (merchant_id, id)`);
    await q.query(`
      CREATE TABLE gateway.console_sessions (
        id                 text PRIMARY KEY,
        token_hash         text NOT NULL UNIQUE,
        user_id            text NOT NULL REFERENCES gateway.console_users (id),
        acting_merchant_id text NOT NULL REFERENCES gateway.merchants (id),
        livemode           boolean NOT NULL DEFAULT false,
        csrf_token         text NOT NULL,
        mfa_pending        boolean NOT NULL DEFAULT false,
        created_at         timestamptz NOT NULL,
        last_seen_at       timestamptz NOT NULL,
        ended_at           timestamptz
      )`);
    await q.query(`CREATE INDEX console_sessions_user ON gateway.console_sessions (user_id)`);
    await q.query(`
      CREATE TABLE gateway.console_password_resets (
        token_hash  text PRIMARY KEY,
        user_id     text NOT NULL REFERENCES gateway.console_users (id),
        created_at  timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz
      )`);
    await q.query(`
      CREATE TABLE gateway.console_audit (
        id           text PRIMARY KEY,
        merchant_id  text NOT NULL,
        user_id      text,
        login_id     text NOT NULL,
        action       text NOT NULL,
        target       text NOT NULL DEFAULT '',
        detail       jsonb NOT NULL DEFAULT '{}',
        livemode     boolean NOT NULL DEFAULT false,
        created_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX console_audit_merchant ON gateway.console_audit (merchant_id, id DESC)`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

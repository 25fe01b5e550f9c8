import { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from './data-source';

/**
 * The tables every service needs from the platform, in the service's own
 * schema: the outbox, the inbox, dead letters, scheduled-job claims and the
 * test clock. Each service lists this migration first in its migrations.
 */
export function platformMigrations(schema: string): (new () => MigrationInterface)[] {
  return [platformMigration(schema), idempotencyMigration(schema)];
}

/** The first platform tables (kept as released: migrations are forward-only). */
export function platformMigration(schema: string): new () => MigrationInterface {
  const s = quoteIdent(schema);
  return class Platform1764000000000 implements MigrationInterface {
    name = 'Platform1764000000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE ${s}.outbox (
          seq            bigserial PRIMARY KEY,
          event_id       text NOT NULL UNIQUE,
          subject        text NOT NULL,
          type           text NOT NULL,
          aggregate_id   text NOT NULL,
          merchant_id    text NOT NULL DEFAULT '',
          livemode       boolean NOT NULL,
          occurred_at    timestamptz NOT NULL,
          envelope       bytea NOT NULL,
          traceparent    text NOT NULL DEFAULT '',
          published_at   timestamptz,
          attempts       integer NOT NULL DEFAULT 0,
          last_error     text
        )`);
      await q.query(`CREATE INDEX outbox_unpublished ON ${s}.outbox (seq) WHERE published_at IS NULL`);
      await q.query(`CREATE INDEX outbox_occurred ON ${s}.outbox (occurred_at)`);
      await q.query(`
        CREATE TABLE ${s}.inbox (
          consumer      text NOT NULL,
          event_id      text NOT NULL,
          type          text NOT NULL,
          processed_at  timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        )`);
      await q.query(`
        CREATE TABLE ${s}.dead_letters (
          id            bigserial PRIMARY KEY,
          consumer      text NOT NULL,
          event_id      text NOT NULL,
          subject       text NOT NULL,
          deliveries    integer NOT NULL,
          error         text NOT NULL,
          data          bytea NOT NULL,
          created_at    timestamptz NOT NULL DEFAULT now(),
          UNIQUE (consumer, event_id)
        )`);
      await q.query(`
        CREATE TABLE ${s}.scheduled_jobs (
          name          text PRIMARY KEY,
          next_run_at   timestamptz NOT NULL,
          locked_by     text,
          locked_until  timestamptz,
          last_run_at   timestamptz,
          last_status   text,
          last_error    text,
          runs          integer NOT NULL DEFAULT 0
        )`);
      await q.query(`
        CREATE TABLE ${s}.test_clock (
          id         smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
          offset_ms  bigint NOT NULL DEFAULT 0 CHECK (offset_ms >= 0),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
    }

    async down(): Promise<void> {
      throw new Error('migrations are forward-only');
    }
  };
}

/**
 * The idempotency records of every command of the service (see
 * `db/idempotency.ts`). Timestamped after the services' first migrations, so
 * databases that already ran those take it as the next pending one.
 */
function idempotencyMigration(schema: string): new () => MigrationInterface {
  const s = quoteIdent(schema);
  return class PlatformIdempotency1764900000000 implements MigrationInterface {
    name = 'PlatformIdempotency1764900000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE ${s}.idempotency_commands (
          scope         text NOT NULL,
          key           text NOT NULL,
          operation     text NOT NULL,
          request_hash  text NOT NULL,
          response      jsonb,
          created_at    timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (scope, key)
        )`);
      await q.query(`CREATE INDEX idempotency_commands_created ON ${s}.idempotency_commands (created_at)`);
    }

    async down(): Promise<void> {
      throw new Error('migrations are forward-only');
    }
  };
}

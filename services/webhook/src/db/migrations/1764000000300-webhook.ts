import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Inbound partner requests (seen-event dedupe), deposits, the public event
 * log, merchant endpoints and deliveries with their attempts. The delivery
 * schedule lives here, so a restart picks up every pending retry.
 */
export class Webhook1764000000300 implements MigrationInterface {
  name = 'Webhook1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook.inbound_requests (
        partner       text NOT NULL,
        event_id      text NOT NULL,
        kind          text NOT NULL,
        body_hash     text NOT NULL,
        body          jsonb NOT NULL,
        signed_at     timestamptz NOT NULL,
        received_at   timestamptz NOT NULL,
        PRIMARY KEY (partner, event_id)
      )`);
    await q.query(`
      CREATE TABLE webhook.deposits (
        id                      text PRIMARY KEY,
        partner                 text NOT NULL,
        partner_event_id        text NOT NULL,
        livemode                boolean NOT NULL,
        virtual_account_number  text NOT NULL,
        merchant_id             text,
        amount                  bigint NOT NULL CHECK (amount > 0),
        bank_reference          text NOT NULL,
        payer_name_kana         text NOT NULL,
        received_at             timestamptz NOT NULL,
        recorded_at             timestamptz NOT NULL,
        UNIQUE (partner, partner_event_id)
      )`);
    await q.query(`CREATE INDEX deposits_unattributed ON webhook.deposits (livemode, recorded_at) WHERE merchant_id IS NULL`);
    await q.query(`
      CREATE TABLE webhook.events (
        id           text PRIMARY KEY,
        source_event text NOT NULL UNIQUE,
        type         text NOT NULL,
        merchant_id  text NOT NULL,
        livemode     boolean NOT NULL,
        data         jsonb NOT NULL,
        created_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX events_merchant ON webhook.events (merchant_id, livemode, id DESC)`);
    await q.query(`
      CREATE TABLE webhook.endpoints (
        id               text PRIMARY KEY,
        merchant_id      text NOT NULL,
        livemode         boolean NOT NULL,
        url              text NOT NULL,
        enabled_events   text[] NOT NULL,
        description      text NOT NULL DEFAULT '',
        secret           text NOT NULL,
        status           text NOT NULL CHECK (status IN ('enabled', 'disabled', 'deleted')),
        disabled_reason  text,
        created_at       timestamptz NOT NULL,
        create_key       text,
        create_hash      text,
        UNIQUE (merchant_id, livemode, create_key)
      )`);
    await q.query(`CREATE INDEX endpoints_merchant ON webhook.endpoints (merchant_id, livemode) WHERE status <> 'deleted'`);
    await q.query(`
      CREATE TABLE webhook.deliveries (
        id               text PRIMARY KEY,
        event_id         text NOT NULL REFERENCES webhook.events (id),
        endpoint_id      text NOT NULL REFERENCES webhook.endpoints (id),
        status           text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz,
        first_due_at     timestamptz NOT NULL,
        claimed_until    timestamptz,
        created_at       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX deliveries_due ON webhook.deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deliveries_endpoint ON webhook.deliveries (endpoint_id, event_id)`);
    await q.query(`
      CREATE TABLE webhook.delivery_attempts (
        delivery_id      text NOT NULL REFERENCES webhook.deliveries (id),
        attempt          integer NOT NULL,
        attempted_at     timestamptz NOT NULL,
        response_status  integer NOT NULL,
        latency_ms       integer NOT NULL,
        error            text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
    await q.query(`
      CREATE TABLE webhook.endpoint_notices (
        id           text PRIMARY KEY,
        endpoint_id  text NOT NULL REFERENCES webhook.endpoints (id),
        merchant_id  text NOT NULL,
        livemode     boolean NOT NULL,
        kind         text NOT NULL,
        message      text NOT NULL,
        created_at   timestamptz NOT NULL
      )`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The notification service's tables: send requests (idempotency), messages
 * (one per channel, with delivery status), postcard batches, phone tasks and
 * their call attempts. Personal data (contact details) sits in `payload`
 * columns only, never in indexed or logged fields.
 */
export class Notification1764000000400 implements MigrationInterface {
  name = 'Notification1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification.send_requests (
        livemode      boolean NOT NULL,
        request_id    text NOT NULL,
        request_hash  text NOT NULL,
        merchant_id   text NOT NULL DEFAULT '',
        message_ids   text[] NOT NULL,
        created_at    timestamptz NOT NULL,
        PRIMARY KEY (livemode, request_id)
      )`);
    await q.query(`
      CREATE TABLE notification.postcard_batches (
        id              text PRIMARY KEY,
        livemode        boolean NOT NULL,
        status          text NOT NULL CHECK (status IN ('rendering', 'handed_over')),
        postcard_count  integer NOT NULL,
        pdf_name        text NOT NULL,
        manifest_name   text NOT NULL,
        created_at      timestamptz NOT NULL,
        handed_over_at  timestamptz
      )`);
    await q.query(`
      CREATE TABLE notification.messages (
        id                 text PRIMARY KEY,
        livemode           boolean NOT NULL,
        request_id         text NOT NULL,
        merchant_id        text NOT NULL DEFAULT '',
        kind               text NOT NULL,
        channel            text NOT NULL CHECK (channel IN ('email', 'postcard', 'phone')),
        status             text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        reference          text NOT NULL DEFAULT '',
        amount             bigint NOT NULL DEFAULT 0,
        payload            jsonb NOT NULL,
        attempts           integer NOT NULL DEFAULT 0,
        next_attempt_at    timestamptz NOT NULL,
        lease_until        timestamptz,
        last_error         text,
        postcard_batch_id  text REFERENCES notification.postcard_batches (id),
        phone_task_id      text,
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX messages_email_due ON notification.messages (next_attempt_at) WHERE channel = 'email' AND status IN ('queued', 'sending')`);
    await q.query(`CREATE INDEX messages_postcards_queued ON notification.messages (livemode, created_at) WHERE channel = 'postcard' AND status = 'queued'`);
    await q.query(`CREATE INDEX messages_batch ON notification.messages (postcard_batch_id) WHERE postcard_batch_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE notification.phone_tasks (
        id                text PRIMARY KEY,
        livemode          boolean NOT NULL,
        merchant_id       text NOT NULL DEFAULT '',
        message_id        text NOT NULL,
        direction         text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
        status            text NOT NULL CHECK (status IN ('open', 'claimed', 'completed')),
        kind              text NOT NULL,
        reference         text NOT NULL DEFAULT '',
        amount            bigint NOT NULL DEFAULT 0,
        payload           jsonb NOT NULL,
        claimed_by        text,
        claimed_at        timestamptz,
        claim_expires_at  timestamptz,
        due_at            timestamptz NOT NULL,
        attempts          integer NOT NULL DEFAULT 0,
        outcome           text,
        created_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL,
        completed_at      timestamptz,
        CHECK ((status = 'claimed') = (claimed_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX phone_tasks_queue ON notification.phone_tasks (livemode, due_at, id) WHERE status <> 'completed'`);
    await q.query(`CREATE INDEX phone_tasks_merchant ON notification.phone_tasks (livemode, merchant_id, created_at)`);
    await q.query(`
      CREATE TABLE notification.phone_attempts (
        task_id      text NOT NULL REFERENCES notification.phone_tasks (id),
        number       integer NOT NULL,
        operator_id  text NOT NULL,
        outcome      text NOT NULL,
        note         text NOT NULL DEFAULT '',
        at           timestamptz NOT NULL,
        PRIMARY KEY (task_id, number)
      )`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

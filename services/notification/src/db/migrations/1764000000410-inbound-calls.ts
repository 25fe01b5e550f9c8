import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/** Inbound calls (電話受付) are phone tasks without a message, recorded once per request id. */
export class InboundCalls1764000000410 implements MigrationInterface {
  name = 'InboundCalls1764000000410';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.phone_tasks ALTER COLUMN message_id DROP NOT NULL`);
    await q.query(`ALTER TABLE notification.phone_tasks ADD COLUMN request_id text`);
    await q.query(`CREATE UNIQUE INDEX phone_tasks_request ON notification.phone_tasks (livemode, request_id) WHERE request_id IS NOT NULL`);
    await q.query(`ALTER TABLE notification.phone_tasks ADD CONSTRAINT phone_tasks_outbound_has_message CHECK (direction = 'inbound' OR message_id IS NOT NULL)`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

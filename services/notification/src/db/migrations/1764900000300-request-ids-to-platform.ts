import { requestHash, yenFromDb } from '@kessai/platform';
import type { MigrationInterface, QueryRunner } from '@kessai/platform';
import { inboundCallIdentity } from '../../domain/phone';

const mode = (livemode: boolean) => (livemode ? 'live' : 'test');

/**
 * Send requests and inbound calls moved to the platform's
 * `idempotency_commands` (kit.idempotency); runs after
 * PlatformIdempotency1764900000000, which creates the table.
 *
 * - `send_requests` rows become `message.send` commands in scope
 *   `notification.send:<live|test>`, answering their message ids. Send hashes
 *   its request's old fingerprint (`requestHash` of the request without its
 *   id, the hash this table kept), so the platform hash is computed from it.
 *   Then the table is dropped.
 * - Inbound calls (phone tasks with a request id) become
 *   `phone.record_inbound_call` commands in scope
 *   `notification.inbound_call:<live|test>`, answering the task id, hashed
 *   from the fields that identify the call (they are all on the task).
 *
 * Either way a retry of a request recorded before this migration still
 * replays, and the same id with another request is still refused.
 */
export class RequestIdsToPlatform1764900000300 implements MigrationInterface {
  name = 'RequestIdsToPlatform1764900000300';

  async up(q: QueryRunner): Promise<void> {
    const sends: { livemode: boolean; request_id: string; request_hash: string; message_ids: string[]; created_at: Date }[] = await q.query(
      `SELECT livemode, request_id, request_hash, message_ids, created_at FROM notification.send_requests`,
    );
    for (const r of sends) {
      await insert(q, [`notification.send:${mode(r.livemode)}`, r.request_id, 'message.send', requestHash({ operation: 'message.send', request: r.request_hash }), JSON.stringify(r.message_ids), r.created_at]);
    }
    const calls: { id: string; livemode: boolean; request_id: string; merchant_id: string; reference: string; amount: string; payload: { recipient: { phone: string } }; created_at: Date }[] = await q.query(
      `SELECT id, livemode, request_id, merchant_id, reference, amount, payload, created_at FROM notification.phone_tasks WHERE request_id IS NOT NULL`,
    );
    for (const c of calls) {
      const request = inboundCallIdentity({ merchantId: c.merchant_id, reference: c.reference, amount: yenFromDb(c.amount), callerPhone: c.payload.recipient.phone });
      const hash = requestHash({ operation: 'phone.record_inbound_call', request });
      await insert(q, [`notification.inbound_call:${mode(c.livemode)}`, c.request_id, 'phone.record_inbound_call', hash, JSON.stringify(c.id), c.created_at]);
    }
    await q.query(`DROP TABLE notification.send_requests`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

function insert(q: QueryRunner, values: unknown[]): Promise<unknown> {
  return q.query(`INSERT INTO notification.idempotency_commands (scope, key, operation, request_hash, response, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`, values);
}

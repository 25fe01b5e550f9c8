import { merchantScope, requestHash, type MigrationInterface, type QueryRunner } from '@kessai/platform';

const BATCH = 1_000;

/**
 * Moves webhook's own idempotency records onto the platform's
 * `idempotency_commands` (docs/idempotency.md), so keys and partner event ids
 * seen before still replay after the upgrade:
 * - every partner request in `inbound_requests` (scope `partner_event:<partner>`,
 *   key its event id, operation its kind; replays the deposit id and whether
 *   it was attributed, or the report id). `inbound_requests` stays: it is the
 *   record of what each partner sent, and now also holds the `flags` noticed
 *   on a request (docs/events.md);
 * - every endpoint created with an idempotency key (scope
 *   `webhook_endpoint.create:<mode>:<merchant>`; replays the endpoint id). The
 *   endpoints' own `create_key` / `create_hash` columns are then dropped.
 * The commands built here must match app/partner-event.ts and
 * app/create-endpoint.ts (test/idempotency-migration.test.ts).
 */
export class WebhookIdempotencyRecords1764900000400 implements MigrationInterface {
  name = 'WebhookIdempotencyRecords1764900000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook.inbound_requests ADD COLUMN flags text[] NOT NULL DEFAULT '{}'`);

    for (let after = ['', '']; ; ) {
      const rows: { partner: string; event_id: string; kind: string; body: Record<string, unknown>; received_at: Date; deposit_id: string | null; merchant_id: string | null }[] =
        await q.query(
          `SELECT r.partner, r.event_id, r.kind, r.body, r.received_at, d.id AS deposit_id, d.merchant_id FROM webhook.inbound_requests r
             LEFT JOIN webhook.deposits d ON d.partner = r.partner AND d.partner_event_id = r.event_id
            WHERE (r.partner, r.event_id) > ($1, $2) ORDER BY r.partner, r.event_id LIMIT ${BATCH}`,
          after,
        );
      if (rows.length === 0) break;
      const commands = rows.map((r) => {
        const { report_id: reportId, ...payload } = r.body;
        const response = r.kind === 'bank.deposit.received' ? { depositId: r.deposit_id ?? '', attributed: r.merchant_id !== null } : { reportId };
        return { scope: `partner_event:${r.partner}`, key: r.event_id, operation: r.kind, hash: requestHash({ operation: r.kind, request: payload }), response, createdAt: r.received_at };
      });
      await insertCommands(q, commands);
      after = [rows[rows.length - 1].partner, rows[rows.length - 1].event_id];
    }

    for (let after = ''; ; ) {
      const rows: { id: string; merchant_id: string; livemode: boolean; url: string; enabled_events: string[]; description: string; create_key: string; created_at: Date }[] = await q.query(
        `SELECT id, merchant_id, livemode, url, enabled_events, description, create_key, created_at FROM webhook.endpoints
          WHERE create_key IS NOT NULL AND id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      const operation = 'webhook_endpoint.create';
      await insertCommands(
        q,
        rows.map((e) => ({
          scope: merchantScope(operation, e.livemode, e.merchant_id),
          key: e.create_key,
          operation,
          hash: requestHash({ operation, request: { url: e.url, enabledEvents: e.enabled_events, description: e.description } }),
          response: { endpointId: e.id },
          createdAt: e.created_at,
        })),
      );
      after = rows[rows.length - 1].id;
    }
    await q.query(`ALTER TABLE webhook.endpoints DROP COLUMN create_key, DROP COLUMN create_hash`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

async function insertCommands(q: QueryRunner, commands: { scope: string; key: string; operation: string; hash: string; response: unknown; createdAt: Date }[]): Promise<void> {
  await q.query(
    `INSERT INTO webhook.idempotency_commands (scope, key, operation, request_hash, response, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [
      commands.map((c) => c.scope),
      commands.map((c) => c.key),
      commands.map((c) => c.operation),
      commands.map((c) => c.hash),
      commands.map((c) => JSON.stringify(c.response)),
      commands.map((c) => c.createdAt),
    ],
  );
}

import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { streamName } from '@kessai/platform';

export interface MeshWhere {
  natsUrl: string;
  prefix: string;
  adminUrl: string;
  dbName: string;
}

/**
 * For a wait on an event that timed out: JetStream's view of a service's inbox
 * consumer of one event type, and the mesh's database sessions that are not
 * idle (a lock wait, a long transaction). `logTail` adds the service's last log lines.
 */
export async function explainConsumer(where: MeshWhere, service: string, eventType: string, logTail = ''): Promise<string> {
  const name = `${service}__${eventType}`.replace(/[^a-zA-Z0-9_-]/g, '_');
  const nc = await connect({ servers: where.natsUrl });
  let seen: string;
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.consumers.info(streamName(where.prefix, eventType.split('.')[0]), name);
    const { num_pending, num_ack_pending, num_redelivered, num_waiting, delivered, ack_floor } = info;
    seen = JSON.stringify({ num_pending, num_ack_pending, num_redelivered, num_waiting, delivered, ack_floor });
  } catch (err) {
    seen = String(err);
  } finally {
    await nc.close();
  }
  const db = new Client({ connectionString: where.adminUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT application_name, state, wait_event_type, wait_event, round(extract(epoch FROM now() - xact_start)) AS xact_s, left(query, 160) AS query
         FROM pg_stat_activity WHERE datname = $1 AND state <> 'idle' AND pid <> pg_backend_pid()`,
      [where.dbName],
    );
    return [`consumer ${name}: ${seen}`, `sessions not idle (${rows.length}):`, ...rows.map((r) => `  ${JSON.stringify(r)}`), ...(logTail ? [`${service} log:`, logTail] : [])].join('\n');
  } finally {
    await db.end();
  }
}

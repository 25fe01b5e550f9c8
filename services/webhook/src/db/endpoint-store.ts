import { returnedRows } from '@kessai/platform';
import type { EndpointRecord } from '../domain/records';
import type { Tx } from './tx';

export const ENDPOINT_COLS = 'id, merchant_id, livemode, url, enabled_events, description, secret, status, disabled_reason, created_at';

export async function insertEndpoint(tx: Tx, e: EndpointRecord): Promise<EndpointRecord> {
  const [row]: EndpointRecord[] = await tx.query(
    `INSERT INTO endpoints (${ENDPOINT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${ENDPOINT_COLS}`,
    [e.id, e.merchant_id, e.livemode, e.url, e.enabled_events, e.description, e.secret, e.status, e.disabled_reason, e.created_at],
  );
  return row;
}

/** Any endpoint by id, whatever its status or owner (the dispatcher, and replays of a creation). */
export async function loadEndpoint(tx: Tx, id: string): Promise<EndpointRecord | null> {
  const [row]: EndpointRecord[] = await tx.query(`SELECT ${ENDPOINT_COLS} FROM endpoints WHERE id = $1`, [id]);
  return row ?? null;
}

/** A merchant's endpoint in one mode, unless deleted. */
export async function findEndpoint(tx: Tx, merchantId: string, livemode: boolean, id: string): Promise<EndpointRecord | null> {
  const [row]: EndpointRecord[] = await tx.query(
    `SELECT ${ENDPOINT_COLS} FROM endpoints WHERE id = $1 AND merchant_id = $2 AND livemode = $3 AND status <> 'deleted'`,
    [id, merchantId, livemode],
  );
  return row ?? null;
}

/** Newest first, after the cursor; fetch `limit` = page size + 1. */
export async function listEndpoints(tx: Tx, merchantId: string, livemode: boolean, startingAfter: string, limit: number): Promise<EndpointRecord[]> {
  return tx.query(
    `SELECT ${ENDPOINT_COLS} FROM endpoints WHERE merchant_id = $1 AND livemode = $2 AND status <> 'deleted' AND ($3 = '' OR id < $3)
      ORDER BY id DESC LIMIT $4`,
    [merchantId, livemode, startingAfter, limit],
  );
}

export async function markEndpointDeleted(tx: Tx, id: string): Promise<EndpointRecord> {
  const [row]: EndpointRecord[] = await tx.query(`WITH u AS (UPDATE endpoints SET status = 'deleted' WHERE id = $1 RETURNING ${ENDPOINT_COLS}) SELECT * FROM u`, [id]);
  return row;
}

/** Disables an enabled endpoint; false if it was not enabled (already disabled or deleted). */
export async function disableEndpoint(tx: Tx, id: string, reason: string): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `WITH u AS (UPDATE endpoints SET status = 'disabled', disabled_reason = $2 WHERE id = $1 AND status = 'enabled' RETURNING 1) SELECT * FROM u`,
    [id, reason],
  );
  return returnedRows(rows).length > 0;
}

export interface EndpointNotice {
  id: string;
  endpointId: string;
  merchantId: string;
  livemode: boolean;
  kind: string;
  message: string;
  createdAt: Date;
}

export async function insertEndpointNotice(tx: Tx, n: EndpointNotice): Promise<void> {
  await tx.query(
    `INSERT INTO endpoint_notices (id, endpoint_id, merchant_id, livemode, kind, message, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [n.id, n.endpointId, n.merchantId, n.livemode, n.kind, n.message, n.createdAt],
  );
}

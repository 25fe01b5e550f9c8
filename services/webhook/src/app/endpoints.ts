import { randomBytes } from 'node:crypto';
import { ConflictError, DataSource, FieldViolation, newId, NotFoundError, requestHash, ValidationError, type Clock } from '@kessai/platform';
import { ENDPOINT_COLS, EndpointRow } from '../db/rows';
import { blockedHost } from '../domain/egress';
import { PUBLIC_EVENT_TYPES } from '../domain/public-events';

export interface CreateEndpointInput {
  idempotencyKey: string;
  merchantId: string;
  livemode: boolean;
  url: string;
  enabledEvents: string[];
  description: string;
}

export interface EndpointPolicy {
  /** test-mode endpoints may be loopback/private hosts (local development); live-mode ones never */
  allowPrivateTestEndpoints: boolean;
}

/**
 * Live endpoints must be https on a public host (the SSRF guard, domain/egress.ts;
 * the dispatcher checks the resolved address again at every delivery); test
 * endpoints may be http, and loopback/private where the policy allows it.
 */
export function validateEndpoint(input: Pick<CreateEndpointInput, 'url' | 'enabledEvents' | 'livemode' | 'description'>, policy: EndpointPolicy): void {
  const v: FieldViolation[] = [];
  let url: URL | undefined;
  try {
    url = new URL(input.url);
  } catch {
    v.push({ field: 'url', description: 'must be an absolute http(s) URL' });
  }
  if (url) {
    if (input.livemode && url.protocol !== 'https:') v.push({ field: 'url', description: 'must use https in live mode' });
    else if (url.protocol !== 'https:' && url.protocol !== 'http:') v.push({ field: 'url', description: 'must be an http(s) URL' });
    if (url.username || url.password) v.push({ field: 'url', description: 'must not contain credentials' });
    if (input.livemode || !policy.allowPrivateTestEndpoints) {
      const blocked = blockedHost(url);
      if (blocked) v.push({ field: 'url', description: `must be a public address: ${blocked}` });
    }
  }
  if (input.url.length > 2048) v.push({ field: 'url', description: 'must be at most 2048 characters' });
  if (input.enabledEvents.length === 0) v.push({ field: 'enabled_events', description: 'name at least one event type, or "*"' });
  for (const [i, t] of input.enabledEvents.entries()) {
    if (t !== '*' && !(t in PUBLIC_EVENT_TYPES)) v.push({ field: `enabled_events[${i}]`, description: `unknown event type "${t}" (see docs/events.md)` });
  }
  if (input.description.length > 500) v.push({ field: 'description', description: 'must be at most 500 characters' });
  if (v.length) throw new ValidationError(v);
}

export async function createEndpoint(db: DataSource, clock: Clock, input: CreateEndpointInput, policy: EndpointPolicy): Promise<EndpointRow> {
  validateEndpoint(input, policy);
  const hash = requestHash({ url: input.url, events: input.enabledEvents, description: input.description });
  const now = clock.now();
  const row: EndpointRow = {
    id: newId('we', now.getTime()),
    merchant_id: input.merchantId,
    livemode: input.livemode,
    url: input.url,
    enabled_events: [...new Set(input.enabledEvents)],
    description: input.description,
    secret: `whsec_${randomBytes(24).toString('base64url')}`,
    status: 'enabled',
    disabled_reason: null,
    created_at: now,
  };
  const inserted: EndpointRow[] = await db.query(
    `INSERT INTO endpoints (${ENDPOINT_COLS}, create_key, create_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (merchant_id, livemode, create_key) DO NOTHING RETURNING ${ENDPOINT_COLS}`,
    [row.id, row.merchant_id, row.livemode, row.url, row.enabled_events, row.description, row.secret, row.status, null, now, input.idempotencyKey || null, hash],
  );
  if (inserted.length) return inserted[0];
  const [existing]: (EndpointRow & { create_hash: string })[] = await db.query(
    `SELECT ${ENDPOINT_COLS}, create_hash FROM endpoints WHERE merchant_id = $1 AND livemode = $2 AND create_key = $3`,
    [input.merchantId, input.livemode, input.idempotencyKey],
  );
  if (existing.create_hash !== hash) throw new ConflictError('idempotency_key_reused', 'this idempotency key was used for another endpoint');
  return existing;
}

/** Scoped by merchant and mode: another merchant's endpoint is simply not found. */
export async function getEndpoint(db: DataSource, merchantId: string, livemode: boolean, id: string): Promise<EndpointRow> {
  const [row]: EndpointRow[] = await db.query(
    `SELECT ${ENDPOINT_COLS} FROM endpoints WHERE id = $1 AND merchant_id = $2 AND livemode = $3 AND status <> 'deleted'`,
    [id, merchantId, livemode],
  );
  if (!row) throw new NotFoundError('webhook_endpoint', id);
  return row;
}

export async function deleteEndpoint(db: DataSource, merchantId: string, livemode: boolean, id: string): Promise<EndpointRow> {
  await getEndpoint(db, merchantId, livemode, id);
  const [row]: EndpointRow[] = await db.query(`WITH u AS (UPDATE endpoints SET status = 'deleted' WHERE id = $1 RETURNING ${ENDPOINT_COLS}) SELECT * FROM u`, [id]);
  await db.query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL WHERE endpoint_id = $1 AND status = 'pending'`, [id]);
  return row;
}

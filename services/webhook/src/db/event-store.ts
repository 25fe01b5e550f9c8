import type { EventRecord } from '../domain/records';
import type { Tx } from './tx';

export const EVENT_COLS = 'id, type, merchant_id, livemode, data, created_at';

/**
 * SQL: `col` is `$n` or one of `$n`'s tenants — the tenancy rule of public
 * events (an owner sees all of its tenants, a tenant only itself; see
 * app/learn-merchant-owner.ts).
 */
const inScope = (col: string, param: string) => `(${col} = ${param} OR ${col} IN (SELECT m.id FROM merchants m WHERE m.owner_id = ${param}))`;

export interface NewEvent {
  id: string;
  /** the internal event (and index) it was made from: a redelivered internal event records nothing twice */
  sourceEvent: string;
  type: string;
  merchantId: string;
  livemode: boolean;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** Stores public events in one statement (in the given order); returns those whose source event was not recorded yet. */
export async function insertEvents(tx: Tx, events: NewEvent[]): Promise<NewEvent[]> {
  if (events.length === 0) return [];
  const inserted: { id: string }[] = await tx.query(
    `INSERT INTO events (id, source_event, type, merchant_id, livemode, data, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::jsonb[], $7::timestamptz[])
     ON CONFLICT (source_event) DO NOTHING RETURNING id`,
    [
      events.map((e) => e.id), events.map((e) => e.sourceEvent), events.map((e) => e.type), events.map((e) => e.merchantId),
      events.map((e) => e.livemode), events.map((e) => JSON.stringify(e.data)), events.map((e) => e.createdAt),
    ],
  );
  const fresh = new Set(inserted.map((r) => r.id));
  return events.filter((e) => fresh.has(e.id));
}

/** Any event by id (the dispatcher). */
export async function loadEvent(tx: Tx, id: string): Promise<EventRecord | null> {
  const [row]: EventRecord[] = await tx.query(`SELECT ${EVENT_COLS} FROM events WHERE id = $1`, [id]);
  return row ?? null;
}

/** An event the merchant may see: its own or one of its tenants', in the mode. */
export async function findEventInScope(tx: Tx, merchantId: string, livemode: boolean, id: string): Promise<EventRecord | null> {
  const [row]: EventRecord[] = await tx.query(`SELECT ${EVENT_COLS} FROM events WHERE id = $1 AND ${inScope('merchant_id', '$2')} AND livemode = $3`, [id, merchantId, livemode]);
  return row ?? null;
}

export interface EventFilter {
  merchantId: string;
  livemode: boolean;
  /** '' = from the newest */
  startingAfter: string;
  /** '' = every type */
  type: string;
  /** '' = the merchant and all its tenants; else only this one of them */
  accountId: string;
}

/** Newest first; fetch `limit` = page size + 1. */
export async function listEventsInScope(tx: Tx, f: EventFilter, limit: number): Promise<EventRecord[]> {
  return tx.query(
    // an owner's listing holds its tenants' events too; account_id narrows it to one of them
    `SELECT ${EVENT_COLS} FROM events WHERE ${inScope('merchant_id', '$1')} AND livemode = $2 AND ($3 = '' OR id < $3) AND ($4 = '' OR type = $4)
        AND ($6 = '' OR merchant_id = $6)
      ORDER BY id DESC LIMIT $5`,
    [f.merchantId, f.livemode, f.startingAfter, f.type, limit, f.accountId],
  );
}

import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import type { Clock } from '../clock';
import { quoteIdent } from '../db/data-source';
import { ConflictError } from '../errors';

/**
 * Idempotency records in Postgres, shared by every replica of an edge service:
 * the key, a hash of the request, and once it finished the response. The first
 * request with a key runs; an identical retry gets the stored response; the
 * same key with another request is a conflict; a request arriving while the
 * first is still running waits for it (so concurrent requests run once, across
 * processes). A crashed owner's claim lapses after `lockMs`. Hash requests
 * with `requestHash` (../idempotency.ts).
 *
 * How it relates to `Idempotency` (../db/idempotency.ts): this store is the
 * HTTP layer at the edge — it replays whole REST responses (status and body)
 * per API key and Idempotency-Key, and its records expire. `Idempotency` is
 * the command layer inside each service — it records a command's result in
 * the same transaction as its effect, in the service's own schema. The edge
 * passes the Idempotency-Key down as the command's request id (or key), so
 * both layers agree on what "the same request" is: where a service keys its
 * command by it, a retry the edge no longer remembers still runs once.
 */
export interface IdempotencyOptions {
  /** how long a finished record is kept (default 24 h; never less) */
  ttlMs?: number;
  /** how long a running claim holds before another request may take over (default 60 s) */
  lockMs?: number;
  /** how long a duplicate waits for the running original (default 15 s) */
  waitMs?: number;
  /**
   * Where beginCounted writes the rate-limit hit and the claim: the rate
   * limiter's pool (ServiceKit.asyncCommitPool), so the key's counter row is
   * not held while the disk flushes. The response is recorded on the main,
   * durable pool, and its flush carries the claim's WAL with it.
   */
  countedSource?: DataSource;
}

export type IdempotencyBegin = { kind: 'owner' } | { kind: 'replay'; status: number; body: string };

export class IdempotencyStore {
  private readonly table: string;
  private readonly ttlMs: number;
  private readonly lockMs: number;
  private readonly waitMs: number;
  private readonly countedSource: DataSource;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly clock: Clock,
    opts: IdempotencyOptions = {},
  ) {
    this.table = `${quoteIdent(schema)}.idempotency_keys`;
    this.ttlMs = Math.max(opts.ttlMs ?? 24 * 3600_000, 24 * 3600_000);
    this.lockMs = opts.lockMs ?? 60_000;
    this.waitMs = opts.waitMs ?? 15_000;
    this.countedSource = opts.countedSource ?? dataSource;
  }

  async begin(scope: string, key: string, hash: string): Promise<IdempotencyBegin> {
    return this.beginAfter(scope, key, hash, false);
  }

  /**
   * The rate limiter's hit and the claim in one statement (one round trip and
   * one commit per POST instead of two). Over the limit nothing is claimed and
   * the decision says so; otherwise the claim goes on as `begin`.
   */
  async beginCounted(rate: RateLimiter, bucket: string, limit: number, windowMs: number, scope: string, key: string, hash: string): Promise<{ decision: RateDecision; begun?: IdempotencyBegin }> {
    const now = this.clock.now();
    const window = rate.windowOf(now.getTime(), windowMs);
    const [row]: { count: number; claimed: boolean }[] = await this.countedSource.query(
      `WITH hit AS (${rate.hitSql('$1', '$2')}),
       claim AS (${this.claimSql('$4', '$5', '$6', '$7', '$8', '$9')} WHERE (SELECT count FROM hit) <= $3 ${this.claimConflictSql('$7')} RETURNING 1)
       SELECT (SELECT count FROM hit) AS count, EXISTS (SELECT 1 FROM claim) AS claimed`,
      [bucket, new Date(window.start), limit, scope, key, hash, now, new Date(now.getTime() + this.lockMs), new Date(now.getTime() + this.ttlMs)],
    );
    const decision = rate.decide(Number(row.count), limit, window, now.getTime());
    if (!decision.allowed) return { decision };
    if (row.claimed) return { decision, begun: { kind: 'owner' } };
    return { decision, begun: await this.beginAfter(scope, key, hash, true) };
  }

  private claimSql(scope: string, key: string, hash: string, now: string, lockedUntil: string, expiresAt: string): string {
    return `INSERT INTO ${this.table} AS k (scope, key, request_hash, state, created_at, locked_until, expires_at)
         SELECT ${scope}, ${key}, ${hash}, 'running', ${now}::timestamptz, ${lockedUntil}::timestamptz, ${expiresAt}::timestamptz`;
  }

  private claimConflictSql(now: string): string {
    return `ON CONFLICT (scope, key) DO UPDATE
            SET request_hash = EXCLUDED.request_hash, state = 'running', response_status = NULL, response_body = NULL,
                created_at = EXCLUDED.created_at, locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at
          WHERE k.expires_at < ${now}::timestamptz OR (k.state = 'running' AND k.locked_until < ${now}::timestamptz AND k.request_hash = EXCLUDED.request_hash)`;
  }

  /** `claimedOnce`: a first claim was already tried (by beginCounted), so look at the row first. */
  private async beginAfter(scope: string, key: string, hash: string, claimedOnce: boolean): Promise<IdempotencyBegin> {
    const waitUntil = Date.now() + this.waitMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 250), claimedOnce = false) {
      const now = this.clock.now();
      if (!claimedOnce) {
        const claimed: unknown[] = await this.dataSource.query(
          `${this.claimSql('$1', '$2', '$3', '$4', '$5', '$6')} ${this.claimConflictSql('$4')} RETURNING 1`,
          [scope, key, hash, now, new Date(now.getTime() + this.lockMs), new Date(now.getTime() + this.ttlMs)],
        );
        if (claimed.length > 0) return { kind: 'owner' };
      }
      const rows: { request_hash: string; state: string; response_status: number | null; response_body: string | null }[] = await this.dataSource.query(
        `SELECT request_hash, state, response_status, response_body FROM ${this.table} WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      const row = rows[0];
      if (!row) continue; // deleted meanwhile (the owner failed): try to claim again
      if (row.request_hash !== hash) {
        throw new ConflictError(
          'idempotency_key_reused',
          'this Idempotency-Key was already used with a different request; use a new key for a new request',
        );
      }
      if (row.state === 'done') return { kind: 'replay', status: row.response_status ?? 200, body: row.response_body ?? '' };
      if (Date.now() > waitUntil) {
        throw new ConflictError('idempotency_key_in_use', 'a request with this Idempotency-Key is still being processed; retry later');
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  async complete(scope: string, key: string, status: number, body: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table} SET state = 'done', response_status = $3, response_body = $4, locked_until = NULL WHERE scope = $1 AND key = $2`,
      [scope, key, status, body],
    );
  }

  /** The request failed in a way that should not be replayed (5xx): let a retry run again. */
  async abandon(scope: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE scope = $1 AND key = $2 AND state = 'running'`, [scope, key]);
  }

  async prune(now: Date): Promise<number> {
    const res: [unknown[], number] = await this.dataSource.query(`DELETE FROM ${this.table} WHERE expires_at < $1`, [now]);
    return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
  }
}

/**
 * Rate limiting shared by every replica: a fixed-window counter per bucket
 * (e.g. per API key) in Postgres. Every request of a key updates its row, so
 * give it a pool whose commits do not wait for the disk
 * (ServiceKit.asyncCommitPool): otherwise each hit holds the row's lock
 * through a WAL flush and the key's requests queue behind one another.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** seconds until the window resets */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly clock: Clock,
  ) {
    this.table = `${quoteIdent(schema)}.rate_limits`;
  }

  async hit(bucket: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = this.clock.now().getTime();
    const window = this.windowOf(now, windowMs);
    const rows: { count: number }[] = await this.dataSource.query(this.hitSql('$1', '$2'), [bucket, new Date(window.start)]);
    return this.decide(Number(rows[0].count), limit, window, now);
  }

  /** The statement that counts one hit and returns the window's count (also used inside IdempotencyStore.beginCounted). */
  hitSql(bucket: string, windowStart: string): string {
    return `INSERT INTO ${this.table} AS r (bucket, window_start, count) VALUES (${bucket}, ${windowStart}::timestamptz, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET count = r.count + 1
       RETURNING count`;
  }

  windowOf(now: number, windowMs: number): { start: number; ms: number } {
    return { start: now - (now % windowMs), ms: windowMs };
  }

  decide(count: number, limit: number, window: { start: number; ms: number }, now: number): RateDecision {
    return {
      allowed: count <= limit,
      limit,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: Math.max(1, Math.ceil((window.start + window.ms - now) / 1000)),
    };
  }

  async prune(before: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE window_start < $1`, [before]);
  }
}

/** The tables of IdempotencyStore and RateLimiter; an edge service lists it after the platform migration. */
export function edgeMigration(schema: string): new () => MigrationInterface {
  const s = quoteIdent(schema);
  return class PlatformEdge1764000000001 implements MigrationInterface {
    name = 'PlatformEdge1764000000001';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE ${s}.idempotency_keys (
          scope           text NOT NULL,
          key             text NOT NULL,
          request_hash    text NOT NULL,
          state           text NOT NULL CHECK (state IN ('running', 'done')),
          response_status integer,
          response_body   text,
          created_at      timestamptz NOT NULL,
          locked_until    timestamptz,
          expires_at      timestamptz NOT NULL,
          PRIMARY KEY (scope, key)
        )`);
      await q.query(`CREATE INDEX idempotency_keys_expires ON ${s}.idempotency_keys (expires_at)`);
      await q.query(`
        CREATE TABLE ${s}.rate_limits (
          bucket        text NOT NULL,
          window_start  timestamptz NOT NULL,
          count         integer NOT NULL,
          PRIMARY KEY (bucket, window_start)
        )`);
    }

    async down(): Promise<void> {
      throw new Error('migrations are forward-only');
    }
  };
}

import { headers as natsHeaders, NatsConnection } from '@nats-io/transport-node';
import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { quoteIdent } from '../db/data-source';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import { SqlParams } from '../db/sql-params';
import { DomainEvent, toOutboxRow } from './events';

type Queryable = Pick<EntityManager, 'query'> | Pick<QueryRunner, 'query'>;

/**
 * Writes events into the service's outbox table — always with the manager of
 * the transaction that changes the state the events describe, so the change
 * and its events commit together or not at all.
 */
export class Outbox {
  private readonly table: string;

  constructor(
    schema: string,
    private readonly source: string,
    private readonly prefix: string,
  ) {
    this.table = `${quoteIdent(schema)}.outbox`;
  }

  async add(tx: Queryable, events: DomainEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const p = new SqlParams();
    const { sql, eventIds } = this.insertSql(p, events);
    await tx.query(sql, p.values);
    return eventIds;
  }

  /**
   * The INSERT of `add`, to run inside a statement of the caller's (a part of
   * a WITH), so a change and its events are one round trip; `when` is an SQL
   * condition the rows are written under (e.g. that the change happened).
   */
  insertSql(p: SqlParams, events: DomainEvent[], when = 'true'): { sql: string; eventIds: string[] } {
    const rows = events.map((e) => toOutboxRow(e, this.source, this.prefix));
    const col = <T>(f: (r: (typeof rows)[number]) => T, type: string) => `${p.add(rows.map(f))}::${type}[]`;
    const sql = `INSERT INTO ${this.table} (event_id, subject, type, aggregate_id, merchant_id, livemode, occurred_at, envelope, traceparent)
       SELECT * FROM unnest(${col((r) => r.eventId, 'text')}, ${col((r) => r.subject, 'text')}, ${col((r) => r.type, 'text')}, ${col((r) => r.aggregateId, 'text')},
         ${col((r) => r.merchantId, 'text')}, ${col((r) => r.livemode, 'boolean')}, ${col((r) => r.occurredAt.toISOString(), 'timestamptz')},
         ${col((r) => r.envelope, 'bytea')}, ${col((r) => r.traceparent, 'text')}) WHERE ${when}`;
    return { sql, eventIds: rows.map((r) => r.eventId) };
  }
}

export type OutboxFault = 'before-publish' | 'after-send' | 'after-ack';

export interface RelayOptions {
  dataSource: DataSource;
  nc: NatsConnection;
  schema: string;
  service: string;
  logger: Logger;
  metrics?: Metrics;
  batchSize?: number;
  idlePollMs?: number;
  /**
   * Test-only fault injection: SIGKILL this process at one point of the relay's
   * cycle — after the commit but before publishing, after sending but before
   * NATS acknowledged, or after the acknowledgement but before the rows are
   * marked published. The tests restart it and count deliveries.
   */
  fault?: OutboxFault;
}

/**
 * Publishes the outbox to JetStream with Nats-Msg-Id = event id, in commit
 * order, retrying until acknowledged. Only the replica holding the Postgres
 * advisory lock publishes; the others wait, so any number of replicas is safe.
 * Published rows are kept (for re-publication after a broker loss) until the
 * retention job removes them.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private lockRunner?: QueryRunner;
  private readonly js: JetStreamClient;
  private readonly table: string;
  private readonly lockKey: string;
  private wake?: () => void;
  /** a notify came while a batch was being read or published: look again before sleeping (that read may have missed the commit) */
  private notified = false;
  private leader = false;

  constructor(private readonly opts: RelayOptions) {
    this.js = jetstream(opts.nc, { timeout: 5_000 });
    this.table = `${quoteIdent(opts.schema)}.outbox`;
    this.lockKey = `kessai:${opts.schema}:outbox-relay`;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Nudges an idle relay (called after a commit that wrote events). */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.releaseLock();
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      try {
        if (!(await this.ensureLeader())) {
          await this.sleep(1_000);
          continue;
        }
        this.notified = false;
        const published = await this.publishBatch();
        backoff = 100;
        // A batch short of full read every row committed before it; a later commit notifies (and
        // sets `notified`), so without one there is nothing to read again yet. (Before, a second,
        // empty read followed every batch: one statement per event at a low rate.)
        if (published < (this.opts.batchSize ?? 256) && !this.notified) await this.sleep(this.opts.idlePollMs ?? 100);
      } catch (err) {
        this.opts.logger.warn({ err: String(err) }, 'outbox relay: batch failed, will retry');
        await this.releaseLock();
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private async ensureLeader(): Promise<boolean> {
    if (this.leader && this.lockRunner && !this.lockRunner.isReleased) return true;
    const runner = this.opts.dataSource.createQueryRunner();
    await runner.connect();
    const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [this.lockKey]);
    if (!locked) {
      await runner.release();
      return false;
    }
    this.lockRunner = runner;
    this.leader = true;
    this.opts.logger.info('outbox relay: this replica publishes');
    return true;
  }

  private async releaseLock(): Promise<void> {
    const runner = this.lockRunner;
    this.lockRunner = undefined;
    this.leader = false;
    if (!runner || runner.isReleased) return;
    try {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [this.lockKey]);
    } catch {
      // the connection is gone, and the lock with it
    }
    await runner.release().catch(() => undefined);
  }

  /** Publishes the oldest unpublished rows; returns how many were published. */
  private async publishBatch(): Promise<number> {
    const runner = this.lockRunner!;
    // Read through the lock's own connection: if it broke, so did the lock.
    const rows: { seq: string; event_id: string; subject: string; envelope: Buffer; traceparent: string }[] = await runner.query(
      `SELECT seq, event_id, subject, envelope, traceparent FROM ${this.table}
        WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      [this.opts.batchSize ?? 256],
    );
    this.opts.metrics?.outboxPending.set(rows.length);
    if (rows.length === 0) return 0;

    this.crashIf('before-publish', rows.length);
    // Sent in order on one connection; JetStream stores them in that order.
    const pending = rows.map((row) => {
      const h = natsHeaders();
      if (row.traceparent) h.set('traceparent', row.traceparent);
      return this.js.publish(row.subject, row.envelope, { msgID: row.event_id, headers: h });
    });
    this.crashIf('after-send', rows.length);
    const results = await Promise.allSettled(pending);
    const firstFailure = results.findIndex((r) => r.status === 'rejected');
    const acked = firstFailure === -1 ? rows : rows.slice(0, firstFailure);

    if (acked.length > 0) this.crashIf('after-ack', acked.length);

    if (acked.length > 0) {
      await runner.query(`UPDATE ${this.table} SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])`, [
        acked.map((r) => r.seq),
      ]);
      this.opts.metrics?.outboxPublished.inc(acked.length);
    }
    if (firstFailure !== -1) {
      const reason = (results[firstFailure] as PromiseRejectedResult).reason;
      await runner.query(`UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2 WHERE seq = $1`, [
        rows[firstFailure].seq,
        String(reason).slice(0, 500),
      ]);
      throw new Error(`publish failed: ${String(reason)}`);
    }
    return acked.length;
  }

  private crashIf(point: OutboxFault, events: number): void {
    if (this.opts.fault !== point) return;
    this.opts.logger.warn({ events, point }, 'fault injection: SIGKILL');
    process.kill(process.pid, 'SIGKILL');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}

/**
 * Marks retained events as unpublished again so the relay sends them anew
 * (after a broker lost its stream). Consumers dedupe by event id, so a
 * republished event is applied once.
 */
export async function republishOutbox(dataSource: DataSource, schema: string, since?: Date): Promise<number> {
  const table = `${quoteIdent(schema)}.outbox`;
  const result: [unknown, number] = await dataSource.query(
    `UPDATE ${table} SET published_at = NULL WHERE published_at IS NOT NULL AND ($1::timestamptz IS NULL OR occurred_at >= $1)`,
    [since ? since.toISOString() : null],
  );
  return result[1];
}

/** Deletes published events older than the retention window; keeps anything unpublished. */
export async function pruneOutbox(dataSource: DataSource, schema: string, olderThan: Date): Promise<number> {
  const table = `${quoteIdent(schema)}.outbox`;
  const result: [unknown, number] = await dataSource.query(
    `DELETE FROM ${table} WHERE published_at IS NOT NULL AND published_at < $1`,
    [olderThan.toISOString()],
  );
  return result[1];
}

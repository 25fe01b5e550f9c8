import os from 'node:os';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { quoteIdent, returnedRows } from '../db/data-source';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';

export interface JobContext {
  now: Date;
  logger: Logger;
}

export interface ScheduledJob {
  name: string;
  /** when the job should next run after running at `now` (platform clock) */
  next(now: Date): Date;
  run(ctx: JobContext): Promise<unknown>;
}

/** A job that runs every `ms` milliseconds of platform time. */
export function every(ms: number): (now: Date) => Date {
  return (now) => new Date(now.getTime() + ms);
}

/**
 * Runs scheduled jobs once across all replicas: a job is claimed in Postgres
 * (a lease on its row) before it runs. Time is the platform clock, so moving
 * the test clock makes jobs due; the ops port can also trigger a job now.
 */
export class JobScheduler {
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly table: string;
  private readonly owner = `${os.hostname()}:${process.pid}`;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
    private readonly leaseMs = 5 * 60_000,
  ) {
    this.table = `${quoteIdent(schema)}.scheduled_jobs`;
  }

  register(job: ScheduledJob): void {
    this.jobs.set(job.name, job);
  }

  list(): string[] {
    return [...this.jobs.keys()];
  }

  async start(tickMs = 1_000): Promise<void> {
    const now = this.clock.now();
    for (const job of this.jobs.values()) {
      await this.dataSource.query(`INSERT INTO ${this.table} (name, next_run_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
        job.name,
        job.next(now).toISOString(),
      ]);
    }
    this.timer = setInterval(() => {
      if (!this.ticking) this.ticking = this.tick().finally(() => (this.ticking = undefined));
    }, tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  async status(): Promise<unknown[]> {
    return this.dataSource.query(`SELECT name, next_run_at, last_run_at, last_status, last_error, runs, locked_by FROM ${this.table} ORDER BY name`);
  }

  /** Runs every due job once. */
  async tick(): Promise<void> {
    for (const job of this.jobs.values()) {
      try {
        await this.runIfClaimed(job, false);
      } catch (err) {
        this.logger.warn({ job: job.name, err: String(err) }, 'job tick failed');
      }
    }
  }

  /**
   * Runs the job now (ops trigger). While a run holds the job (here or in
   * another replica), waits up to `waitMs` for it to end and then runs it;
   * `ran: false` when it is still held after that.
   */
  async trigger(name: string, waitMs = 0): Promise<{ ran: boolean; result?: unknown }> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    const until = Date.now() + waitMs;
    for (;;) {
      const outcome = await this.runIfClaimed(job, true);
      if (outcome.ran || Date.now() >= until) return outcome;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async runIfClaimed(job: ScheduledJob, force: boolean): Promise<{ ran: boolean; result?: unknown }> {
    const now = this.clock.now();
    const claimed = returnedRows(await this.dataSource.query(
      `UPDATE ${this.table} SET locked_by = $2, locked_until = now() + ($3 || ' milliseconds')::interval
        WHERE name = $1 AND ($4 OR next_run_at <= $5) AND (locked_until IS NULL OR locked_until < now())
        RETURNING name`,
      [job.name, this.owner, String(this.leaseMs), force, now.toISOString()],
    ));
    if (claimed.length === 0) return { ran: false };
    try {
      const result = await job.run({ now, logger: this.logger.child({ job: job.name }) });
      await this.finish(job, 'ok', null);
      this.metrics?.jobRuns.inc({ job: job.name, outcome: 'ok' });
      return { ran: true, result };
    } catch (err) {
      await this.finish(job, 'failed', String(err));
      this.metrics?.jobRuns.inc({ job: job.name, outcome: 'failed' });
      this.logger.error({ job: job.name, err: String(err) }, 'job failed');
      throw err;
    }
  }

  private async finish(job: ScheduledJob, status: string, error: string | null): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.query(
      `UPDATE ${this.table} SET locked_by = NULL, locked_until = NULL, last_run_at = $2, last_status = $3, last_error = $4,
              runs = runs + 1, next_run_at = $5 WHERE name = $1`,
      [job.name, now.toISOString(), status, error, job.next(now).toISOString()],
    );
  }
}

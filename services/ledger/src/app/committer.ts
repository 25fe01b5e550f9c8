import type { Clock, DataSource, Logger, Metrics } from '@kessai/platform';
import { DomainError } from '@kessai/platform';
import type { Group, GroupOutcome, LedgerStore } from '../db/ledger-store';

/** One caller's submission: a single group (Post) or groups that must share one transaction (PostBatch). */
interface Pending {
  groups: Group[];
  size: number;
  resolve: (outcomes: GroupOutcome[]) => void;
  reject: (err: unknown) => void;
}

/** Postgres errors worth running the same batch again for. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);

/**
 * Group commit. Calls queue here; a worker takes whatever has queued (up to
 * `maxBatch` transactions) and commits it in one database transaction, so an
 * account's lock and a commit are paid per batch instead of per transfer.
 * Idle, a call is committed at once — no timer adds latency; under load the
 * queue fills while the previous batch commits.
 *
 * One worker is the default: measured (docs/benchmarks.md), two or more
 * workers split the queue into smaller batches that then wait on each
 * other's account locks, and throughput drops by half. A failing batch is
 * retried, then split, so one bad item never fails its neighbours.
 */
export class Committer {
  private readonly queue: Pending[] = [];
  private active = 0;
  private readonly batchSize;
  private readonly commitSeconds;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: LedgerStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onCommitted: () => void,
    metrics: Metrics,
    private readonly maxBatch = 500,
    private readonly workers = 1,
  ) {
    this.batchSize = metrics.histogram('kessai_ledger_batch_transactions', 'transactions per group-commit batch', [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000]);
    this.commitSeconds = metrics.histogram('kessai_ledger_batch_seconds', 'time to commit one batch', [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]);
  }

  async submit(group: Group): Promise<GroupOutcome> {
    const [outcome] = await this.submitTogether([group]);
    return outcome;
  }

  /** Groups that must share one database transaction (a PostBatch request). */
  submitTogether(groups: Group[]): Promise<GroupOutcome[]> {
    const size = groups.reduce((n, g) => n + Math.max(1, g.commands.length), 0);
    return new Promise((resolve, reject) => {
      this.queue.push({ groups, size, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < this.workers && this.queue.length > 0) {
      const batch: Pending[] = [];
      let size = 0;
      while (this.queue.length > 0 && (batch.length === 0 || size + this.queue[0].size <= this.maxBatch)) {
        const next = this.queue.shift()!;
        size += next.size;
        batch.push(next);
      }
      this.batchSize.observe(size);
      this.active++;
      void this.runBatch(batch).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.commit(batch.flatMap((p) => p.groups));
      let at = 0;
      for (const p of batch) {
        p.resolve(outcomes.slice(at, at + p.groups.length));
        at += p.groups.length;
      }
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      this.logger.warn({ err: String(err), size: batch.length }, 'batch failed; committing its submissions one by one');
      for (const p of batch) await this.runBatch([p]);
    }
  }

  private async commit(groups: Group[]): Promise<GroupOutcome[]> {
    const timer = this.commitSeconds.startTimer();
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.dataSource.transaction(async (tx) => this.store.applyGroups(tx.queryRunner!, groups, this.clock.now()));
        this.store.rememberAccounts(result.createdAccounts);
        if (result.outcomes.some((o) => o.ok && !o.replayed)) this.onCommitted();
        timer();
        return result.outcomes;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (err instanceof DomainError || !code || !RETRYABLE.has(code) || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 5 * attempt));
      }
    }
  }
}

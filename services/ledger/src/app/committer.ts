import type { Clock, DataSource, Logger } from '@kessai/platform';
import { DomainError } from '@kessai/platform';
import type { Group, GroupOutcome, LedgerStore } from '../db/ledger-store';

interface Pending {
  group: Group;
  resolve: (outcome: GroupOutcome) => void;
  reject: (err: unknown) => void;
}

/** Postgres errors worth running the same batch again for. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);

/**
 * Group commit. Concurrent Post calls queue here; each worker takes whatever
 * has queued (up to `maxBatch` groups) and commits it in one database
 * transaction, so a busy or hot account costs one lock and one commit per
 * batch instead of per transfer. Idle, a call is committed at once — no timer
 * adds latency. A failing batch is retried, then split, so one bad item never
 * fails its neighbours.
 */
export class Committer {
  private readonly queue: Pending[] = [];
  private active = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: LedgerStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onCommitted: () => void,
    private readonly maxBatch = 200,
    private readonly workers = 4,
  ) {}

  submit(group: Group): Promise<GroupOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ group, resolve, reject });
      this.pump();
    });
  }

  /** Submits many groups that must share one database transaction (PostBatch). */
  async submitTogether(groups: Group[]): Promise<GroupOutcome[]> {
    return this.commit(groups);
  }

  private pump(): void {
    while (this.active < this.workers && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.active++;
      void this.runBatch(batch).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.commit(batch.map((p) => p.group));
      batch.forEach((p, i) => p.resolve(outcomes[i]));
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      this.logger.warn({ err: String(err), size: batch.length }, 'batch failed; committing its items one by one');
      await Promise.all(batch.map((p) => this.runBatch([p])));
    }
  }

  private async commit(groups: Group[]): Promise<GroupOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.dataSource.transaction(async (tx) => this.store.applyGroups(tx.queryRunner!, groups, this.clock.now()));
        this.store.rememberAccounts(result.createdAccounts);
        if (result.outcomes.some((o) => o.ok && !o.replayed)) this.onCommitted();
        return result.outcomes;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (err instanceof DomainError || !code || !RETRYABLE.has(code) || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 5 * attempt));
      }
    }
  }
}

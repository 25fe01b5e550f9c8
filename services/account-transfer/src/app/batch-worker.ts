import { isDomainError } from '@kessai/platform';
import { debitsStore } from '../db/debits-store';
import type { AccountTransferDeps } from './deps';
import { sendDebit } from './send-debit';

/**
 * Works queued bulk items in every replica: each item is claimed in
 * Postgres first (SKIP LOCKED, with a lease), so two replicas never send the
 * same item, and sent at most `batchRatePerSecond` per replica (the pace the
 * bank allows). An item the bank could not take now (maintenance, lost
 * answer) is released and tried again on a later pass.
 */
export class BatchWorker {
  private running?: Promise<number>;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: AccountTransferDeps) {}

  /** Start working now (after a batch was accepted). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runUntilIdle().catch((err: unknown) => this.deps.logger.error({ err }, 'batch worker failed'));
  }

  stop(): void {
    this.stopped = true;
  }

  /** Sends claimed items until none is left; returns how many were worked. */
  runUntilIdle(): Promise<number> {
    if (!this.running) {
      this.running = this.loop().finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
    }
    return this.running;
  }

  private async loop(): Promise<number> {
    const gapMs = 1000 / this.deps.settings.batchRatePerSecond;
    let worked = 0;
    const skipped = new Set<string>();
    while (!this.stopped) {
      const started = Date.now();
      const id = await debitsStore.claimNext(this.deps.dataSource, this.deps.settings.owner, this.deps.clock.now(), this.deps.settings.claimTtlMs);
      if (!id || skipped.has(id)) {
        if (id) await debitsStore.release(this.deps.dataSource, id);
        break;
      }
      try {
        await sendDebit(this.deps, id, 'batch');
        worked += 1;
      } catch (err) {
        // retryable (maintenance, lost answer): the claim lapses and a later pass tries again
        if (!isDomainError(err)) this.deps.logger.error({ err, debit_id: id }, 'bulk item failed');
        skipped.add(id);
      }
      // the bank's pace: real time between calls, not business time
      const wait = gapMs - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    return worked;
  }
}

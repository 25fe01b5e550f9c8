import type { Pool } from 'pg';
import { postSignedCallback } from '@kessai/platform';
import type { Faults } from './faults';
import { type CallbackRow, dueCallbacks, getCallback, recordAttempt, recoverUndelivered, scheduleRetry } from './db/store';

export interface CallbackSenderOptions {
  /** e.g. http://127.0.0.1:8081/v1/partners/simbank — a callback's path is appended */
  partnerUrl: string;
  secret: string;
  retryDelaysMs: readonly number[];
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

/** Where faults live (persisted by the bank; fail_next is consumed one attempt at a time). */
export interface FaultSource {
  faults(): Faults;
  consumeFailure(): Promise<boolean>;
}

/**
 * Signed callbacks to Kessai, kept in the `callbacks` table: a new one is
 * delivered by whoever created it (awaited), one that did not get through is
 * retried after each of `retryDelaysMs` (the due time is stored, so a restart
 * picks the schedule up) and then given up. A 2xx — or a 4xx no retry can
 * fix — delivers it.
 */
export class CallbackSender {
  private readonly inFlight = new Set<string>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly pool: Pool,
    private readonly faults: FaultSource,
    private readonly opts: CallbackSenderOptions,
  ) {}

  async start(pollMs = 100): Promise<void> {
    const n = await recoverUndelivered(this.pool);
    if (n > 0) this.opts.log('callbacks left undelivered by the last run are due', { count: n });
    this.timer = setInterval(() => void this.poll(), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One delivery round (retries scheduled when it does not get through). */
  async deliver(id: string): Promise<void> {
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    try {
      const cb = await getCallback(this.pool, id);
      if (!cb || cb.state !== 'pending') return;
      const ok = await this.send(cb);
      if (ok && this.faults.faults().duplicate) await this.send(cb);
      if (ok) return;
      const delay = this.opts.retryDelaysMs[cb.rounds];
      await scheduleRetry(this.pool, id, delay);
      if (delay === undefined) this.opts.log('callback given up', { callback: id });
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** One signed attempt, recorded; true when Kessai answered 2xx (or 4xx). */
  async send(cb: Pick<CallbackRow, 'id' | 'path' | 'body'>): Promise<boolean> {
    const f = this.faults.faults();
    if (f.delay_ms > 0) await new Promise((r) => setTimeout(r, f.delay_ms));
    if (await this.faults.consumeFailure()) {
      await recordAttempt(this.pool, cb.id, { at: new Date().toISOString(), status: 0, error: 'simulated network failure' }, false, undefined);
      return false;
    }
    const r = await postSignedCallback({
      url: `${this.opts.partnerUrl}/${cb.path}`,
      secret: f.bad_signature ? 'whsec_wrong_secret_for_testing' : this.opts.secret,
      body: cb.body,
      signedAtMs: Date.now() + f.timestamp_skew_s * 1000,
    });
    let lastBody: unknown;
    if (r.text !== undefined) {
      try {
        lastBody = JSON.parse(r.text);
      } catch {
        lastBody = r.text;
      }
    }
    await recordAttempt(this.pool, cb.id, r.attempt, r.done, lastBody);
    return r.done;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const id of await dueCallbacks(this.pool)) await this.deliver(id);
    } catch (err) {
      this.opts.log('callback poll failed', { error: (err as Error).message });
    } finally {
      this.polling = false;
    }
  }
}

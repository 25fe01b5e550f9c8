import { DataSource, Logger, newId, signatureHeader, useCase, type Clock } from '@kessai/platform';
import { claimDueDeliveries, failDelivery, failPendingDeliveries, lockClaims, type ReadyDelivery, recordAttempt, recordAttemptAndHandOver } from '../db/delivery-store';
import { disableEndpoint, insertEndpointNotice } from '../db/endpoint-store';
import type { Tx } from '../db/tx';
import type { EndpointRecord } from '../domain/records';
import { nextAttemptAt } from '../domain/retry-schedule';
import { EgressClient, Resolve } from './egress-post';
import type { WebhookMetrics } from './metrics';
import { recordPublicEvent } from './record-public-event';

export interface DispatcherOptions {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  metrics: WebhookMetrics;
  timeoutMs: number;
  /** attempts in flight in this dispatcher */
  concurrency: number;
  /** attempts in flight to one endpoint, across every dispatcher (claims count them in Postgres) */
  perEndpoint: number;
  horizonMs: number;
  idlePollMs?: number;
  /** test-mode endpoints may be private/loopback (local development); live-mode endpoints never are */
  allowPrivateTestEndpoints: boolean;
  /** how long a claim waits after a wake for more deliveries to take with it (default 20 ms) */
  gatherMs?: number;
  /** test hook: the DNS resolver behind the SSRF guard */
  resolve?: Resolve;
}

/**
 * Delivers public events to merchant endpoints. Due deliveries are claimed with
 * FOR UPDATE SKIP LOCKED (any number of replicas), at most `perEndpoint` in
 * flight to one endpoint (so a slow endpoint cannot hold every slot, and
 * none gets more concurrent requests than that), attempted outside any
 * transaction, and the outcome recorded: the attempt log, then success, the
 * next planned retry, or — after the horizon — failure, which disables the
 * endpoint with a notice. Recording an attempt hands its slot to the
 * endpoint's next due delivery in the same statement, unless this dispatcher
 * is full (then the slot goes back to the claim, oldest due first across
 * endpoints, so busy endpoints cannot keep every slot). Everything is in
 * Postgres, so a killed process resumes the same plan.
 */
export class Dispatcher {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  /** a wake came while a claim was running: claim again before sleeping (it may not have seen the new work) */
  private woken = false;
  private inFlight = 0;
  private readonly egress: EgressClient;

  constructor(private readonly opts: DispatcherOptions) {
    this.egress = new EgressClient({ timeoutMs: opts.timeoutMs, resolve: opts.resolve });
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.egress.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let filled = false;
      this.woken = false;
      try {
        const free = this.opts.concurrency - this.inFlight;
        if (free > 0) {
          const batch = await this.claim(free);
          filled = batch.length === free;
          for (const d of batch) {
            this.inFlight++;
            void this.attempt(d)
              .catch((err: unknown) => this.opts.logger.error({ err: String(err), delivery_id: d.delivery.id }, 'delivery attempt could not be recorded'))
              .finally(() => {
                // A freed slot matters to the claim only when this dispatcher was full: an endpoint's
                // own next delivery was already offered the slot (recordAttemptAndHandOver).
                const wasFull = this.inFlight >= this.opts.concurrency;
                this.inFlight--;
                if (wasFull || !this.running) this.wake();
              });
          }
        }
      } catch (err) {
        this.opts.logger.warn({ err: String(err) }, 'dispatcher: claim failed; retrying');
      }
      // A claim that did not fill the free slots took every due delivery it may (an endpoint at
      // its limit gets its next one handed over): claiming again before new work is woken for
      // would find nothing — it did, once per delivery, under load.
      if (!filled && this.running) await this.sleep(this.woken);
    }
  }

  /**
   * Until woken, or the idle poll (deliveries due later, other replicas' work).
   * A wake usually announces one new delivery of several on their way, so the
   * claim waits `gatherMs` after it and takes them together: one claim
   * transaction (four round trips) for a few deliveries, not one each.
   */
  private sleep(wokenAlready: boolean): Promise<void> {
    const gatherMs = this.opts.gatherMs ?? 20;
    return new Promise<void>((resolve) => {
      let gathering = wokenAlready;
      let timer = setTimeout(resolve, wokenAlready ? gatherMs : this.opts.idlePollMs ?? 100);
      this.wakeUp = () => {
        if (!this.running) {
          clearTimeout(timer);
          resolve();
        } else if (!gathering) {
          gathering = true;
          clearTimeout(timer);
          timer = setTimeout(resolve, gatherMs);
        }
      };
    });
  }

  private async claim(limit: number): Promise<ReadyDelivery[]> {
    const now = this.opts.clock.now();
    return this.opts.dataSource.transaction(async (tx) => {
      await lockClaims(tx);
      return claimDueDeliveries(tx, now, this.claimUntil(now), limit, this.opts.perEndpoint);
    });
  }

  /** The delivery, then each one its slot is handed to. */
  private async attempt(first: ReadyDelivery): Promise<void> {
    for (let d: ReadyDelivery | undefined = first; d; ) {
      const current: ReadyDelivery = d;
      d = await useCase('webhook.deliver', () => this.deliver(current), { attempt: current.delivery.attempts + 1 });
    }
  }

  /** Attempts the delivery (its endpoint and event came with its claim); returns the next one, when its slot was handed over. */
  private async deliver({ delivery: d, endpoint, event }: ReadyDelivery): Promise<ReadyDelivery | undefined> {
    const db = this.opts.dataSource;
    if (!endpoint || endpoint.status !== 'enabled' || !event) {
      await failDelivery(db, d.id);
      this.opts.metrics.deliveries.inc({ outcome: 'failed' });
      return undefined;
    }
    const body = JSON.stringify({
      id: event.id,
      object: 'event',
      type: event.type,
      created: event.created_at.toISOString(),
      livemode: event.livemode,
      // the merchant the event is about: the endpoint's own, or one of its tenants (app/tenancy.ts)
      account: event.merchant_id,
      data: event.data,
    });
    const attemptNo = d.attempts + 1;
    const attemptedAt = this.opts.clock.now();
    const started = process.hrtime.bigint();
    const guard = endpoint.livemode || !this.opts.allowPrivateTestEndpoints;
    const result = await this.egress.post(
      endpoint.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Kessai-Webhooks/1.0',
        'kessai-event-id': event.id,
        // Signed with the real clock: receivers check freshness against theirs.
        'kessai-signature': signatureHeader(endpoint.secret, body, Date.now()),
      },
      body,
      guard,
    );
    const status = result.status;
    let error = result.error;
    const latencyMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const ok = status >= 200 && status < 300;
    if (!ok && !error) error = `HTTP ${status}`;
    const planned = d.next_attempt_at ?? attemptedAt;
    const next = ok ? null : nextAttemptAt(d.first_due_at, planned, attemptNo, this.opts.horizonMs);
    const outcome = ok ? 'succeeded' : next ? 'pending' : 'failed';
    this.opts.metrics.attempts.inc({ outcome: ok ? 'succeeded' : 'failed' });
    this.opts.metrics.deliveries.inc({ outcome: ok ? 'delivered' : next ? 'retry' : 'failed' });
    this.opts.metrics.latency.observe(latencyMs / 1000);
    this.opts.logger.info({ delivery_id: d.id, endpoint_id: endpoint.id, event_id: event.id, attempt: attemptNo, status, latency_ms: latencyMs, outcome, error }, 'webhook delivery attempt');
    const attempt = { deliveryId: d.id, attempt: attemptNo, attempted_at: attemptedAt, response_status: status, latency_ms: latencyMs, error, status: outcome, nextAttemptAt: next } as const;
    if (outcome === 'failed') {
      await db.transaction(async (tx) => {
        await recordAttempt(tx, attempt);
        await this.disable(tx, endpoint);
      });
      return undefined;
    }
    // this slot is the one being handed over, so "full" means every slot is taken by others too
    if (!this.running || this.inFlight >= this.opts.concurrency) {
      await recordAttempt(db, attempt);
      return undefined;
    }
    const now = this.opts.clock.now();
    return recordAttemptAndHandOver(db, attempt, endpoint.id, now, this.claimUntil(now));
  }

  private claimUntil(now: Date): Date {
    return new Date(now.getTime() + this.opts.timeoutMs + 30_000);
  }

  /** Retries exhausted: the endpoint is disabled, its pending deliveries fail, and the merchant gets a notice. */
  private async disable(tx: Tx, endpoint: EndpointRecord): Promise<void> {
    if (!(await disableEndpoint(tx, endpoint.id, 'failing_for_3_days'))) return;
    await failPendingDeliveries(tx, endpoint.id);
    const now = this.opts.clock.now();
    const message = `Webhook endpoint ${endpoint.url} was disabled: deliveries to it failed for 3 days. Fix it, then create a new endpoint.`;
    await insertEndpointNotice(tx, {
      id: newId('ntc', now.getTime()), endpointId: endpoint.id, merchantId: endpoint.merchant_id, livemode: endpoint.livemode, kind: 'endpoint.disabled', message, createdAt: now,
    });
    await recordPublicEvent(tx, this.opts.clock, {
      type: 'webhook_endpoint.disabled',
      merchantId: endpoint.merchant_id,
      livemode: endpoint.livemode,
      object: { object: 'webhook_endpoint', id: endpoint.id, url: endpoint.url, status: 'disabled', disabled_reason: 'failing_for_3_days', message },
    }, `disable:${endpoint.id}`);
    this.opts.logger.warn({ endpoint_id: endpoint.id, merchant_id: endpoint.merchant_id }, 'webhook endpoint disabled after 3 days of failures');
  }
}

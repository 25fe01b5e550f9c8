import { Counter, Histogram } from 'prom-client';
import { DataSource, Logger, Metrics, newId, signatureHeader, type Clock } from '@kessai/platform';
import { DELIVERY_COLS, DeliveryRow, ENDPOINT_COLS, EndpointRow, EVENT_COLS, EventRow } from '../db/rows';
import { nextAttemptAt } from '../domain/retry-schedule';
import { EgressClient, Resolve } from './egress-post';
import { recordPublicEvent } from './record-public-events';

export interface DispatcherOptions {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
  timeoutMs: number;
  concurrency: number;
  horizonMs: number;
  idlePollMs?: number;
  /** test-mode endpoints may be private/loopback (local development); live-mode endpoints never are */
  allowPrivateTestEndpoints: boolean;
  /** test hook: the DNS resolver behind the SSRF guard */
  resolve?: Resolve;
}

/**
 * Delivers public events to merchant endpoints. Due deliveries are claimed with
 * FOR UPDATE SKIP LOCKED (any number of replicas), attempted outside any
 * transaction, and the outcome recorded: the attempt log, then success, the
 * next planned retry, or — after the horizon — failure, which disables the
 * endpoint with a notice. Everything is in Postgres, so a killed process
 * resumes the same plan.
 */
export class Dispatcher {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private inFlight = 0;
  private readonly attempts?: Counter<'outcome'>;
  private readonly latency?: Histogram;

  private readonly egress: EgressClient;

  constructor(private readonly opts: DispatcherOptions) {
    this.egress = new EgressClient({ timeoutMs: opts.timeoutMs, resolve: opts.resolve });
    if (opts.metrics) {
      this.attempts = new Counter({ name: 'kessai_webhook_delivery_attempts_total', help: 'outbound webhook attempts by outcome', labelNames: ['outcome'], registers: [opts.metrics.registry] });
      this.latency = opts.metrics.histogram('kessai_webhook_delivery_seconds', 'outbound webhook attempt time (request to response)', [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    }
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
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
      let claimed = 0;
      try {
        const free = this.opts.concurrency - this.inFlight;
        if (free > 0) {
          const batch = await this.claim(free);
          claimed = batch.length;
          for (const d of batch) {
            this.inFlight++;
            void this.attempt(d)
              .catch((err: unknown) => this.opts.logger.error({ err: String(err), delivery_id: d.id }, 'delivery attempt could not be recorded'))
              .finally(() => {
                this.inFlight--;
                this.wake();
              });
          }
        }
      } catch (err) {
        this.opts.logger.warn({ err: String(err) }, 'dispatcher: claim failed; retrying');
      }
      if (claimed === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.opts.idlePollMs ?? 100);
          this.wakeUp = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }

  private async claim(limit: number): Promise<DeliveryRow[]> {
    const now = this.opts.clock.now();
    return this.opts.dataSource.query(
      // (UPDATE … RETURNING inside a CTE: TypeORM answers a bare UPDATE with [rows, count])
      `WITH claimed AS (
         UPDATE deliveries SET claimed_until = $2
          WHERE id IN (SELECT id FROM deliveries
                        WHERE status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
                        ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING ${DELIVERY_COLS})
       SELECT * FROM claimed`,
      [now, new Date(now.getTime() + this.opts.timeoutMs + 30_000), limit],
    );
  }

  private async attempt(d: DeliveryRow): Promise<void> {
    const db = this.opts.dataSource;
    const [endpoint]: EndpointRow[] = await db.query(`SELECT ${ENDPOINT_COLS} FROM endpoints WHERE id = $1`, [d.endpoint_id]);
    const [event]: EventRow[] = await db.query(`SELECT ${EVENT_COLS} FROM events WHERE id = $1`, [d.event_id]);
    if (!endpoint || endpoint.status !== 'enabled' || !event) {
      await db.query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, claimed_until = NULL WHERE id = $1`, [d.id]);
      return;
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
    this.attempts?.inc({ outcome: ok ? 'succeeded' : 'failed' });
    this.latency?.observe(latencyMs / 1000);
    this.opts.logger.info({ delivery_id: d.id, endpoint_id: endpoint.id, event_id: event.id, attempt: attemptNo, status, latency_ms: latencyMs, outcome, error }, 'webhook delivery attempt');
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO delivery_attempts (delivery_id, attempt, attempted_at, response_status, latency_ms, error) VALUES ($1, $2, $3, $4, $5, $6)`,
        [d.id, attemptNo, attemptedAt, status, latencyMs, error],
      );
      await tx.query(`UPDATE deliveries SET status = $2, attempts = $3, next_attempt_at = $4, claimed_until = NULL WHERE id = $1`, [d.id, outcome, attemptNo, next]);
      if (outcome === 'failed') await this.disable(tx, endpoint);
    });
  }

  /** Retries exhausted: the endpoint is disabled, its pending deliveries fail, and the merchant gets a notice. */
  private async disable(tx: { query: DataSource['query'] }, endpoint: EndpointRow): Promise<void> {
    const rows: unknown[] = await tx.query(
      `WITH u AS (UPDATE endpoints SET status = 'disabled', disabled_reason = 'failing_for_3_days' WHERE id = $1 AND status = 'enabled' RETURNING 1) SELECT * FROM u`,
      [endpoint.id],
    );
    if (rows.length === 0) return;
    await tx.query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL WHERE endpoint_id = $1 AND status = 'pending'`, [endpoint.id]);
    const now = this.opts.clock.now();
    const message = `Webhook endpoint ${endpoint.url} was disabled: deliveries to it failed for 3 days. Fix it, then create a new endpoint.`;
    await tx.query(
      `INSERT INTO endpoint_notices (id, endpoint_id, merchant_id, livemode, kind, message, created_at) VALUES ($1, $2, $3, $4, 'endpoint.disabled', $5, $6)`,
      [newId('ntc', now.getTime()), endpoint.id, endpoint.merchant_id, endpoint.livemode, message, now],
    );
    await recordPublicEvent(tx, this.opts.clock, {
      type: 'webhook_endpoint.disabled',
      merchantId: endpoint.merchant_id,
      livemode: endpoint.livemode,
      object: { object: 'webhook_endpoint', id: endpoint.id, url: endpoint.url, status: 'disabled', disabled_reason: 'failing_for_3_days', message },
    }, `disable:${endpoint.id}`);
    this.opts.logger.warn({ endpoint_id: endpoint.id, merchant_id: endpoint.merchant_id }, 'webhook endpoint disabled after 3 days of failures');
  }
}

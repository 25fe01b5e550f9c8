import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process, served on the ops port at /metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly grpcRequests: Counter<'method' | 'code'>;
  readonly grpcDuration: Histogram<'method'>;
  readonly outboxPending: Gauge;
  readonly outboxPublished: Counter;
  readonly inboxProcessed: Counter<'consumer' | 'outcome'>;
  readonly jobRuns: Counter<'job' | 'outcome'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.grpcRequests = new Counter({ name: 'kessai_grpc_requests_total', help: 'gRPC calls handled', labelNames: ['method', 'code'], registers: [this.registry] });
    this.grpcDuration = new Histogram({
      name: 'kessai_grpc_duration_seconds', help: 'gRPC handling time', labelNames: ['method'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
    });
    this.outboxPending = new Gauge({ name: 'kessai_outbox_pending', help: 'outbox events not yet acknowledged by NATS', registers: [this.registry] });
    this.outboxPublished = new Counter({ name: 'kessai_outbox_published_total', help: 'outbox events published', registers: [this.registry] });
    this.inboxProcessed = new Counter({ name: 'kessai_inbox_events_total', help: 'consumed events by outcome', labelNames: ['consumer', 'outcome'], registers: [this.registry] });
    this.jobRuns = new Counter({ name: 'kessai_job_runs_total', help: 'scheduled job runs', labelNames: ['job', 'outcome'], registers: [this.registry] });
  }

  /**
   * A business counter of the service (`kessai_<what>_total`, e.g. bills created,
   * payments by status), in the same registry. Labels are bounded sets
   * (statuses, chains, outcomes), never ids.
   */
  counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames: [...labelNames], registers: [this.registry] });
  }

  /** A service's own histogram, in the same registry (served on /metrics). */
  histogram(name: string, help: string, buckets: number[]): Histogram {
    return new Histogram({ name, help, buckets, registers: [this.registry] });
  }

  /**
   * A service's own gauge, in the same registry. With `collect`, the value is
   * read when /metrics is scraped (e.g. from Postgres, so every replica serves
   * the same value whichever replica did the work).
   */
  gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = [], collect?: (gauge: Gauge<L>) => Promise<void>): Gauge<L> {
    return new Gauge<L>({
      name, help, labelNames: [...labelNames], registers: [this.registry],
      ...(collect ? { async collect(this: Gauge<L>) { await collect(this); } } : {}),
    });
  }
}

import http from 'node:http';
import { readJsonBody, sendJson as send } from '../http-json';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import type { JobScheduler } from '../jobs/scheduler';
import type { TestClockStore } from '../db/test-clock-store';

/** How long a test trigger waits for a run in progress before answering 409 (a lease of a killed process lasts minutes). */
const TRIGGER_WAIT_MS = 20_000;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

export interface OpsServerOptions {
  logger: Logger;
  metrics: Metrics;
  readiness: () => Promise<ReadinessReport>;
  /** re-publish retained outbox events (after a broker lost its stream) */
  republish: (since?: Date) => Promise<number>;
  /** only outside production */
  testControls?: { clock: TestClockStore; jobs: JobScheduler };
}

/**
 * The ops port: /healthz (the process is alive), /readyz (database and NATS
 * reachable, not draining), /metrics (Prometheus), POST /outbox/republish
 * (?since=ISO; the runbook's answer to a lost stream) and — outside production —
 * the test clock and job triggers under /test/.
 */
export function createOpsServer(opts: OpsServerOptions): http.Server {
  return http.createServer((req, res) => {
    handle(opts, req, res).catch((err: unknown) => {
      opts.logger.error({ err: String(err), path: req.url }, 'ops request failed');
      send(res, 500, { error: String(err instanceof Error ? err.message : err) });
    });
  });
}

async function handle(opts: OpsServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://ops');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /healthz') return send(res, 200, { status: 'ok' });
  if (route === 'GET /readyz') {
    const report = await opts.readiness();
    return send(res, report.ready ? 200 : 503, report);
  }
  if (route === 'GET /metrics') {
    res.writeHead(200, { 'content-type': opts.metrics.registry.contentType });
    res.end(await opts.metrics.registry.metrics());
    return;
  }
  if (route === 'POST /outbox/republish') {
    const since = url.searchParams.get('since');
    if (since !== null && Number.isNaN(Date.parse(since))) return send(res, 400, { error: 'since: must be an ISO timestamp' });
    const count = await opts.republish(since ? new Date(since) : undefined);
    return send(res, 200, { republished: count });
  }
  const test = opts.testControls;
  if (url.pathname.startsWith('/test/') && !test) return send(res, 404, { error: 'test controls are disabled in this environment' });
  if (test) {
    if (route === 'GET /test/clock') return send(res, 200, { now: test.clock.clock.now().toISOString(), offset_ms: test.clock.clock.offset });
    if (route === 'POST /test/clock') {
      const body = (await readJsonBody(req).catch(() => undefined)) as { advance_ms?: unknown; to?: unknown } | undefined;
      if (!body || typeof body !== 'object') return send(res, 400, { error: 'body: must be a JSON object' });
      const ms = body.advance_ms;
      const to = body.to;
      if (ms !== undefined && (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0)) {
        return send(res, 400, { error: 'advance_ms: must be a non-negative integer' });
      }
      if (to !== undefined && (typeof to !== 'string' || Number.isNaN(Date.parse(to)))) return send(res, 400, { error: 'to: must be an ISO timestamp' });
      if (ms === undefined && to === undefined) return send(res, 400, { error: 'give advance_ms or to' });
      try {
        const now = await test.clock.advance({ ms: ms as number | undefined, to: to ? new Date(to as string) : undefined });
        return send(res, 200, { now: now.toISOString(), offset_ms: test.clock.clock.offset });
      } catch (err) {
        return send(res, 400, { error: (err as Error).message });
      }
    }
    if (route === 'GET /test/jobs') return send(res, 200, { jobs: await test.jobs.status() });
    const m = /^\/test\/jobs\/([\w.-]+)\/run$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      if (!test.jobs.list().includes(m[1])) return send(res, 404, { error: `no job named ${m[1]}` });
      // a test that moved the clock made the job due, and the scheduler may have started it: wait for that run
      const outcome = await test.jobs.trigger(m[1], TRIGGER_WAIT_MS);
      return send(res, outcome.ran ? 200 : 409, outcome.ran ? { ran: true, result: outcome.result ?? null } : { ran: false, error: 'job is running on another replica' });
    }
  }
  send(res, 404, { error: `no route ${route}` });
}

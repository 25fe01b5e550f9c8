// Where the time goes, per request: a small OTLP/HTTP (JSON) receiver the
// services export their spans to while the bench runs (OTEL_EXPORTER_OTLP_ENDPOINT).
// Postgres here has no pg_stat_statements loaded (it needs
// shared_preload_libraries and a server restart), so the per-statement
// breakdown comes from the pg instrumentation's spans: statement text without
// values, and its duration as the client saw it (round trip included).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface OtlpSpan {
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}
interface OtlpBody {
  resourceSpans?: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

export interface SpanRow {
  service: string;
  statement: string;
  count: number;
  totalMs: number;
}

/** Collects spans by (service, statement or span name) while `recording` is true. */
export class SpanCollector {
  private readonly rows = new Map<string, SpanRow>();
  private server?: http.Server;
  recording = false;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.recording) {
          try {
            this.add(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpBody);
          } catch {
            // not JSON (a protobuf exporter): ignored
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): void {
    this.server?.close();
  }

  reset(): void {
    this.rows.clear();
  }

  private add(body: OtlpBody): void {
    for (const rs of body.resourceSpans ?? []) {
      const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          const stmt = s.attributes?.find((a) => a.key === 'db.statement' || a.key === 'db.query.text')?.value.stringValue;
          const label = stmt ? normalise(stmt) : s.name;
          const ms = Number((BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1000n) / 1000;
          const key = `${service}\u0000${label}`;
          const row = this.rows.get(key) ?? { service, statement: label, count: 0, totalMs: 0 };
          row.count++;
          row.totalMs += ms;
          this.rows.set(key, row);
        }
      }
    }
  }

  /** The pg statements (and other spans) per unit of work, slowest first. */
  table(units: number, limit = Number(process.env.BENCH_SPANS_ROWS ?? 14)): string {
    const rows = [...this.rows.values()].filter((r) => !/^(tcp\.connect|dns|pg\.connect|pg-pool\.connect)/.test(r.statement)).sort((a, b) => b.totalMs - a.totalMs).slice(0, limit);
    if (rows.length === 0 || units === 0) return '(no spans recorded)\n';
    return [
      '| service | span (SQL without values) | per request | ms per request | mean ms |',
      '|---|---|---:|---:|---:|',
      ...rows.map((r) => `| ${r.service} | ${r.statement.replace(/\|/g, '\\|')} | ${(r.count / units).toFixed(2)} | ${(r.totalMs / units).toFixed(2)} | ${(r.totalMs / r.count).toFixed(2)} |`),
    ].join('\n') + '\n';
  }
}

function normalise(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  return s.length > 90 ? `${s.slice(0, 87)}…` : s;
}

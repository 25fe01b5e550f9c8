import http from 'node:http';
import { Client } from 'pg';
import { eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { isolatedMesh, IsolatedMesh } from '../../../scripts/test/support/isolated';
import { depositReq, newMerchant } from './support';

// Traces leave through OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, and the
// trace of a gRPC call continues into the event it wrote (traceparent in the
// outbox, the envelope and the NATS headers).
let mesh: IsolatedMesh;
let collector: http.Server;
const bodies: string[] = [];

beforeAll(async () => {
  collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  mesh = await isolatedMesh(['ledger']);
});
afterAll(async () => {
  await mesh?.cleanup();
  collector.close();
});

it('exports the call’s spans over OTLP and carries the trace into the outbox event', async () => {
  const port = (collector.address() as { port: number }).port;
  const ledger = await mesh.start('ledger', {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  });
  await ledger.waitReady(30_000);
  const client = ledgerClient(mesh.grpcAddr(ledger));
  const posted = await client.post(depositReq(newMerchant(), 100));
  client.close();

  const db = new Client({ connectionString: mesh.databaseUrl('ledger') });
  await db.connect();
  const row = await db.query(`SELECT traceparent FROM ledger.outbox WHERE aggregate_id = $1`, [posted.transaction!.id]);
  await db.end();
  const traceparent = row.rows[0].traceparent as string;
  expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  const traceId = traceparent.split('-')[1];

  await eventually(async () => bodies.some((b) => b.includes(traceId) && b.includes('LedgerService/Post')), 15_000, 'the Post span exported');
  await eventually(async () => bodies.some((b) => b.includes(traceId) && b.includes('ledger.post_transaction')), 15_000, 'the use case span exported in the same trace');
  const exported = bodies.find((b) => b.includes(traceId))!;
  expect(exported).toContain('"ledger"'); // service.name
  await ledger.stop();
});

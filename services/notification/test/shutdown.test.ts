import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { eventually } from '../../../scripts/test/support/clients';
import { isolatedMesh, IsolatedMesh } from '../../../scripts/test/support/isolated';
import { MessageStatus, notificationClient, sendRequest } from './helpers';

// SIGTERM shuts the kit down in phases (packages/platform/src/service.ts):
// drain, then the service's own hooks (here: the mailer's SMTP pool), then NATS
// and the database, and telemetry flushed last. The span exporter is set to
// hold spans far longer than the test runs, so only the final flush can deliver
// the span of the call made just before SIGTERM. Every observation is stamped
// in the order this process sees it: the SMTP connection closes, then the last
// spans arrive, then the process exits.
let mesh: IsolatedMesh;
let smtp: SMTPServer;
let collector: http.Server;
const seen: string[] = [];
const exports: { body: string; afterSigterm: boolean }[] = [];
let sigtermSent = false;
let smtpOpen = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      smtpOpen++;
      callback();
    },
    onClose() {
      smtpOpen--;
      seen.push('smtp closed');
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        exports.push({ body, afterSigterm: sigtermSent });
        seen.push('spans exported');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  mesh = await isolatedMesh(['notification']);
});

afterAll(async () => {
  await mesh?.cleanup();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  collector?.close();
});

it('on SIGTERM closes the SMTP pool through its hook, then flushes the last spans, then exits 0', async () => {
  const proc = await mesh.start('notification', {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String((smtp.server.address() as { port: number }).port),
    POSTCARD_OUTBOX_DIR: path.join(os.tmpdir(), `kessai-postcards-shutdown-${process.pid}`),
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as { port: number }).port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // Hold every span until the flush at shutdown (no timed or size-triggered export).
    OTEL_BSP_SCHEDULE_DELAY: '3600000',
    OTEL_BSP_MAX_QUEUE_SIZE: '100000',
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100000',
  });
  await proc.waitReady(30_000);
  const client = notificationClient(mesh.grpcAddr(proc));
  const [msg] = (await client.send(sendRequest())).messages;
  await eventually(async () => (await client.getMessage({ livemode: false, messageId: msg.id })).message!.status === MessageStatus.MESSAGE_STATUS_SENT, 15_000, 'mail sent');
  client.close();
  expect(smtpOpen).toBe(1); // the pool keeps its connection open after sending

  sigtermSent = true;
  const exit = await proc.stop(20_000);
  seen.push('process exited');

  expect(exit.code).toBe(0);
  const sendSpan = (body: string) => body.includes('NotificationService/Send');
  expect(exports.filter((e) => !e.afterSigterm && sendSpan(e.body))).toHaveLength(0);
  expect(exports.filter((e) => e.afterSigterm && sendSpan(e.body))).toHaveLength(1);
  expect(smtpOpen).toBe(0);
  // The mailer closed in phase 2, before the flush (phase 4) — not when the process died.
  const closed = seen.indexOf('smtp closed');
  const flushed = seen.lastIndexOf('spans exported');
  expect(closed).toBeGreaterThanOrEqual(0);
  expect(closed).toBeLessThan(flushed);
  expect(flushed).toBeLessThan(seen.indexOf('process exited'));
});

import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { eventually } from '../../../scripts/test/support/clients';
import { isolatedMesh, IsolatedMesh } from '../../../scripts/test/support/isolated';
import { freePort } from '../../../scripts/src/lib/infra';
import { MessageStatus, notificationClient, NotificationClient, opsPost, outboxTypes, sendRequest } from './helpers';

// Delivery status and retries against an SMTP server that answers as real ones
// do when they refuse: 451 (try again later) and 550 (never). A notification
// process of this file's own (own database, own test clock) sends to it; time
// is moved on the test clock and the delivery job triggered — no sleeping.
let mesh: IsolatedMesh;
let client: NotificationClient;
let ops: string;
let smtp: SMTPServer;
let tempFailures = 1;
const received: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0];
      if (local.startsWith('perm')) return callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      if (local.startsWith('temp') && tempFailures-- > 0) return callback(Object.assign(new Error('4.3.0 greylisted, try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  mesh = await isolatedMesh(['notification']);
  const proc = await mesh.start('notification', {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    POSTCARD_OUTBOX_DIR: path.join(os.tmpdir(), `kessai-postcards-${process.pid}`),
  });
  await proc.waitReady(30_000);
  ops = mesh.opsUrl(proc);
  client = notificationClient(mesh.grpcAddr(proc));
});

afterAll(async () => {
  client?.close();
  await mesh?.cleanup();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const status = async (id: string) => (await client.getMessage({ livemode: false, messageId: id })).message!;

it('fails a permanently refused mail at once, with the SMTP reason, and does not retry', async () => {
  const req = sendRequest();
  req.recipient = { ...req.recipient!, email: 'perm-1@example.jp' };
  const [msg] = (await client.send(req)).messages;
  await eventually(async () => (await status(msg.id)).status === MessageStatus.MESSAGE_STATUS_FAILED, 15_000, 'failed');
  const m = await status(msg.id);
  expect(m.attempts).toBe(1);
  expect(m.lastError).toMatch(/^550 .*mailbox unavailable/);
  expect(m.lastError).not.toContain('perm-1@example.jp');
  expect(await outboxTypes(mesh.databaseUrl('notification'), msg.id)).toEqual(['notification.message.queued', 'notification.message.failed']);
});

it('retries a temporarily refused mail after the backoff, on the test clock', async () => {
  const req = sendRequest();
  req.recipient = { ...req.recipient!, email: 'temp-1@example.jp' };
  const [msg] = (await client.send(req)).messages;
  await eventually(async () => (await status(msg.id)).attempts === 1 && (await status(msg.id)).status === MessageStatus.MESSAGE_STATUS_QUEUED, 15_000, 'deferred');
  const deferred = await status(msg.id);
  expect(deferred.lastError).toMatch(/^451 /);
  expect(deferred.nextAttemptAt!.getTime() - deferred.updatedAt!.getTime()).toBeGreaterThanOrEqual(59_000);

  // not due yet: the job sends nothing
  await opsPost(ops, '/test/jobs/notification.email-delivery/run');
  expect((await status(msg.id)).attempts).toBe(1);

  await opsPost(ops, '/test/clock', { advance_ms: 61_000 });
  await opsPost(ops, '/test/jobs/notification.email-delivery/run');
  await eventually(async () => (await status(msg.id)).status === MessageStatus.MESSAGE_STATUS_SENT, 15_000, 'sent on retry');
  expect((await status(msg.id)).attempts).toBe(2);
  expect(received.filter((r) => r === 'temp-1@example.jp')).toHaveLength(1);
  expect(await outboxTypes(mesh.databaseUrl('notification'), msg.id)).toEqual(['notification.message.queued', 'notification.message.deferred', 'notification.message.sent']);
});

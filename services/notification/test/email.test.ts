import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { Channel, counterValue, MessageKind, MessageStatus, notificationClient, NotificationClient, outboxTypes, rejection, sendRequest } from './helpers';

// A real SMTP round trip: the run's notification process sends through
// nodemailer into the run's maildev; we read what arrived from maildev's API.
interface SinkMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  to: { address: string; name: string }[];
  from: { address: string; name: string }[];
}

const ctx = testContext();
let client: NotificationClient;
beforeAll(() => {
  if (!ctx.mailSink) throw new Error('the test run has no mail sink (is maildev installed?)');
  client = notificationClient(ctx.services.notification.grpcAddr);
});
afterAll(() => client.close());

async function mailsTo(address: string): Promise<SinkMail[]> {
  const res = await fetch(ctx.mailSink!.apiUrl);
  const all = (await res.json()) as SinkMail[];
  return all.filter((m) => m.to.some((t) => t.address === address));
}

describe('email', () => {
  it('delivers a readable Japanese mail over SMTP, with escaped merchant text and the link', async () => {
    const req = sendRequest({ variables: { ...sendRequest().variables, merchant_name: 'テスト<興行>&Co', message: '<b>ご返金</b>です' } });
    const res = await client.send(req);
    expect(res.replayed).toBe(false);
    expect(res.messages).toHaveLength(1);
    const [msg] = res.messages;
    expect(msg).toMatchObject({ channel: Channel.CHANNEL_EMAIL, status: MessageStatus.MESSAGE_STATUS_QUEUED });
    expect(msg.id).toMatch(/^msg_/);

    const address = req.recipient!.email;
    await eventually(async () => (await mailsTo(address)).length > 0, 15_000, 'the mail in the sink');
    const [mail] = await mailsTo(address);
    expect(mail.subject).toBe('【テスト<興行>&Co】ご返金・お支払いの受取口座ご登録のお願い');
    expect(mail.to[0].name).toBe('山田 太郎 様');
    expect(mail.from[0].address).toBe('no-reply@kessai.example');
    expect(mail.headers['x-kessai-message-id']).toBe(msg.id);
    // on the wire: MIME multipart (text + HTML), UTF-8, the subject RFC 2047-encoded
    const raw = await (await fetch(`${ctx.mailSink!.apiUrl}/${mail.id}/source`)).text();
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/im);
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/im);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(mail.text).toContain('山田 太郎 様');
    expect(mail.text).toContain('お受取金額：12,345円');
    expect(mail.text).toContain('登録コード：KS7Q-4XM2');
    expect(mail.text).toContain('https://kessai.example/r/abc?x=1&y=2');
    expect(mail.text).toContain('<b>ご返金</b>です'); // text part: as written
    expect(mail.html).toContain('&lt;b&gt;ご返金&lt;/b&gt;です'); // HTML part: escaped
    expect(mail.html).toContain('テスト&lt;興行&gt;&amp;Co');
    expect(mail.html).toContain('<a href="https://kessai.example/r/abc?x=1&amp;y=2">');

    await eventually(async () => (await client.getMessage({ livemode: false, messageId: msg.id })).message!.status === MessageStatus.MESSAGE_STATUS_SENT, 10_000, 'status sent');
    const db = ctx.services.notification.databaseUrl;
    await eventually(async () => (await outboxTypes(db, msg.id, true)).join() === 'notification.message.queued,notification.message.sent', 10_000, 'events published');
  });

  it('sends once per request id; another request under the same id is refused', async () => {
    const req = sendRequest();
    const first = await client.send(req);
    const again = await client.send(req);
    expect(again.replayed).toBe(true);
    expect(again.messages.map((m) => m.id)).toEqual(first.messages.map((m) => m.id));
    await eventually(async () => (await mailsTo(req.recipient!.email)).length > 0, 15_000, 'the mail');
    await eventually(async () => (await client.getMessage({ livemode: false, messageId: first.messages[0].id })).message!.status === MessageStatus.MESSAGE_STATUS_SENT);
    expect(await mailsTo(req.recipient!.email)).toHaveLength(1);

    const err = await rejection(client.send({ ...req, amount: 1 }));
    expect(err.kind).toBe('already_exists');
    expect(err.code).toBe('idempotency_key_reused');
    expect(err.metadata).toMatchObject({ param: 'request_id' });
  });

  it('counts messages by channel and outcome on /metrics (a replay is not queued again)', async () => {
    const ops = ctx.services.notification.opsUrl;
    const queued = () => counterValue(ops, 'kessai_notifications_total', 'channel="email",outcome="queued"');
    const sent = () => counterValue(ops, 'kessai_notifications_total', 'channel="email",outcome="sent"');
    const [queuedBefore, sentBefore] = [await queued(), await sent()];
    const req = sendRequest();
    const first = await client.send(req);
    await client.send(req);
    expect(await queued()).toBeGreaterThanOrEqual(queuedBefore + 1);
    await eventually(async () => (await client.getMessage({ livemode: false, messageId: first.messages[0].id })).message!.status === MessageStatus.MESSAGE_STATUS_SENT, 15_000, 'status sent');
    expect(await sent()).toBeGreaterThanOrEqual(sentBefore + 1);
  });

  it('falls back to a postcard when there is no email address and the order allows postcards', async () => {
    const req = sendRequest({ fallbackChannels: [Channel.CHANNEL_POSTCARD] });
    req.recipient = { ...req.recipient!, email: '' };
    const res = await client.send(req);
    expect(res.messages.map((m) => m.channel)).toEqual([Channel.CHANNEL_POSTCARD]);
  });

  it('refuses a message no channel can deliver, naming why', async () => {
    const req = sendRequest({ kind: MessageKind.MESSAGE_KIND_PAYMENT_NUMBER, variables: { merchant_name: 'テスト商店', payment_number: '123', due_date: '2026-12-24', link: 'https://kessai.example/s/1' } });
    req.recipient = { ...req.recipient!, optedOut: [Channel.CHANNEL_EMAIL] };
    const err = await rejection(client.send(req));
    expect(err.kind).toBe('failed_precondition');
    expect(err.code).toBe('no_reachable_channel');
    expect(err.metadata).toEqual({ email: 'opted_out' });
  });

  it('names missing template variables', async () => {
    const err = await rejection(client.send(sendRequest({ variables: { merchant_name: 'x' } })));
    expect(err.kind).toBe('invalid_argument');
    expect(err.fieldViolations.map((v) => v.field)).toEqual(['variables.registration_code', 'variables.link']);
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { MM_TO_PT, POSTCARD_LAYOUT, ptBox, Box } from '../src/domain/postcard-layout';
import { Channel, MessageStatus, notificationClient, NotificationClient, outboxTypes, sendRequest } from './helpers';

// A postcard batch rendered by the run's notification process into its outbox
// folder, read back with poppler's pdftotext -bbox: the layout is checked by
// where the text lands, and the text by what it reads back as.
interface Word {
  text: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const ctx = testContext();
let client: NotificationClient;
beforeAll(() => (client = notificationClient(ctx.services.notification.grpcAddr)));
afterAll(() => client.close());

function pagesOf(pdf: string): Word[][] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  return html.split('<page ').slice(1).map((page) =>
    [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x1: Number(m[1]), y1: Number(m[2]), x2: Number(m[3]), y2: Number(m[4]), text: m[5],
    })),
  );
}

const inside = (w: Word, b: Box, slack = 0.5) => w.x1 >= b.x - slack && w.x2 <= b.x + b.w + slack && w.y1 >= b.y - slack && w.y2 <= b.y + b.h + slack;

function manifestRows(file: string): Record<string, string>[] {
  const raw = fs.readFileSync(file, 'utf8');
  expect(raw.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = raw.slice(1).trimEnd().split('\r\n').map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

it('renders a print-ready batch: postal code in its boxes, name with 様, Japanese read back, manifest, events', async () => {
  const merchantId = `mer_pc${Date.now().toString(36)}`;
  const a = sendRequest({ merchantId, channels: [Channel.CHANNEL_POSTCARD] });
  const b = sendRequest({ merchantId, channels: [Channel.CHANNEL_POSTCARD] });
  b.recipient = { ...b.recipient!, name: '佐藤 花子', postalAddress: { postalCode: '５３０－８２０１', prefecture: '大阪府', city: '大阪市北区', line1: '梅田1丁目2番3号', line2: '' } };
  const ids = [];
  for (const req of [a, b]) {
    const res = await client.send(req);
    expect(res.messages.map((m) => m.channel)).toEqual([Channel.CHANNEL_POSTCARD]);
    ids.push(res.messages[0].id);
  }
  await client.createPostcardBatch({ livemode: false });
  const messages = await Promise.all(ids.map(async (id) => (await client.getMessage({ livemode: false, messageId: id })).message!));
  for (const m of messages) expect(m).toMatchObject({ status: MessageStatus.MESSAGE_STATUS_SENT });
  const batchId = messages[0].postcardBatchId;
  expect(batchId).toMatch(/^pcb_/);
  expect(messages[1].postcardBatchId).toBe(batchId);

  const dir = ctx.mailSink?.postcardOutboxDir ?? path.join(ctx.logDir, 'postcard-outbox');
  const pdf = path.join(dir, `${batchId}.pdf`);
  const rows = manifestRows(path.join(dir, `${batchId}.csv`));
  const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
  expect(fonts).toMatch(/IPAGothic.*Identity-H\s+yes\s+yes\s+yes/); // embedded, subset, with ToUnicode
  const pages = pagesOf(pdf);
  expect(pages.length).toBe(2 * rows.length);

  const expectations = [
    { id: ids[0], digits: '1000001', name: ['山田', '太郎', '様'], address: ['東京都千代田区', '千代田1-1', 'ケッサイビル3階'] },
    { id: ids[1], digits: '5308201', name: ['佐藤', '花子', '様'], address: ['大阪府大阪市北区', '梅田1丁目2番3号'] },
  ];
  for (const want of expectations) {
    const row = rows.find((r) => r.message_id === want.id)!;
    expect(row).toMatchObject({ batch_id: batchId, merchant_id: merchantId, postal_code: want.digits, registration_code: 'KS7Q-4XM2' });
    const front = pages[Number(row.front_page) - 1];
    const back = pages[Number(row.back_page) - 1];

    // each postal-code digit inside its own box, in order
    POSTCARD_LAYOUT.postalCodeBoxes.forEach((box, i) => {
      const inBox = front.filter((w) => inside(w, ptBox(box)));
      expect(inBox.map((w) => w.text)).toEqual([want.digits[i]]);
    });
    // the name with 様, inside the name area
    const nameBox = ptBox(POSTCARD_LAYOUT.name);
    expect(front.filter((w) => inside(w, nameBox)).map((w) => w.text)).toEqual(want.name);
    // the address lines read back as written, inside the address area
    const addressBox = ptBox(POSTCARD_LAYOUT.address);
    expect(front.filter((w) => inside(w, addressBox)).map((w) => w.text)).toEqual(want.address);
    // page size 100 x 148 mm
    for (const w of front) expect(w.x2 <= 100 * MM_TO_PT && w.y2 <= 148 * MM_TO_PT).toBe(true);
    // message side: the registration code inside its box
    const codeBox = ptBox(POSTCARD_LAYOUT.code);
    expect(back.filter((w) => inside(w, codeBox)).map((w) => w.text)).toContain('KS7Q-4XM2');
    expect(back.map((w) => w.text).join('')).toContain('受取口座ご登録のお願い');
  }

  const db = ctx.services.notification.databaseUrl;
  for (const id of ids) {
    await eventually(async () => {
      const types = await outboxTypes(db, id, true);
      return types.includes('notification.postcard.sent') && types.includes('notification.message.sent');
    }, 10_000, 'postcard events published');
  }
});

it('prints the registration link as a QR code beside the code, which reads back as the link', async () => {
  const merchantId = `mer_qr${Date.now().toString(36)}`;
  const link = `http://127.0.0.1:8080/r/${Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + Date.now()) % 256)).toString('base64url')}`;
  const req = sendRequest({ merchantId, channels: [Channel.CHANNEL_POSTCARD] });
  req.variables = { ...req.variables, link };
  const id = (await client.send(req)).messages[0].id;
  await client.createPostcardBatch({ livemode: false });
  const batchId = (await client.getMessage({ livemode: false, messageId: id })).message!.postcardBatchId;
  const dir = ctx.mailSink?.postcardOutboxDir ?? path.join(ctx.logDir, 'postcard-outbox');
  const row = manifestRows(path.join(dir, `${batchId}.csv`)).find((r) => r.message_id === id)!;
  const work = fs.mkdtempSync(path.join(ctx.logDir, 'qr-'));
  try {
    // the message side only, at 300 dpi (a print vendor's resolution), then a barcode reader
    const page = row.back_page;
    execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', '-f', page, '-l', page, path.join(dir, `${batchId}.pdf`), path.join(work, 'back')]);
    const read = execFileSync('zbarimg', ['-q', '--raw', path.join(work, 'back.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
    expect(read).toEqual([link]);
    // the QR code sits in its box: cropping the page to that box still reads it
    const q = POSTCARD_LAYOUT.qr;
    const px = (mm: number) => String(Math.round((mm / 25.4) * 300));
    execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', '-f', page, '-l', page, '-x', px(q.x), '-y', px(q.y), '-W', px(q.w), '-H', px(q.h), path.join(dir, `${batchId}.pdf`), path.join(work, 'qr')]);
    expect(execFileSync('zbarimg', ['-q', '--raw', path.join(work, 'qr.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()).toBe(link);
    // and the link is still printed for those without a camera
    const back = pagesOf(path.join(dir, `${batchId}.pdf`))[Number(page) - 1];
    expect(back.map((w) => w.text).join('')).toContain(link);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

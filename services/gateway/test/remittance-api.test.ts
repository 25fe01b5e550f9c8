import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, newMerchant, type NewMerchant } from '../../../scripts/test/support/edge';

/** The public remittance routes (docs/reference/remittance.md): shapes, CSV uploads, idempotency, pagination, tenancy, OpenAPI. */
const ctx = testContext();
const http = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
let m: NewMerchant;
let other: NewMerchant;

beforeAll(async () => {
  m = await newMerchant(admin, '払戻し商店', '', ['keiri@example.jp']);
  other = await newMerchant(admin, '別の商店');
});
afterAll(() => admin.close());

const post = (path: string, body?: unknown, opts: { key?: string; idem?: string; rawBody?: Buffer; contentType?: string } = {}) =>
  api(http, 'POST', path, {
    key: opts.key ?? m.testKey,
    idempotencyKey: opts.idem ?? randomUUID(),
    body,
    rawBody: opts.rawBody,
    headers: opts.contentType ? { 'content-type': opts.contentType } : {},
  });
const get = (path: string, key = m.testKey) => api(http, 'GET', path, { key });

async function newOrder(purpose = 'チケット払戻し') {
  const r = await post('/v1/remittance_orders', { purpose, default_message: 'ご返金のご案内', channels: ['email', 'postcard'], reference: 'ev-1' });
  expect(r.status).toBe(200);
  return r.body;
}

describe('remittance orders through the public API', () => {
  it('creates, lists (paginated), gets, sets the guide, cancels; replays by Idempotency-Key', async () => {
    const idem = randomUUID();
    const a = await post('/v1/remittance_orders', { purpose: '払戻しA' }, { idem });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ object: 'remittance_order', status: 'draft', purpose: '払戻しA', channels: ['email', 'postcard'], mode: 'full_service', total_amount: 0, currency: 'jpy', account: m.merchant.id });
    const again = await post('/v1/remittance_orders', { purpose: '払戻しA' }, { idem });
    expect(again.body.id).toBe(a.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await post('/v1/remittance_orders', { purpose: '別' }, { idem })).status).toBe(409);

    const b = await newOrder('払戻しB');
    const guided = await post(`/v1/remittance_orders/${b.id}/guide`, { guide_text: '公演中止のご返金です。' });
    expect(guided.body.guide_text).toBe('公演中止のご返金です。');
    expect((await get(`/v1/remittance_orders/${b.id}`)).body).toMatchObject({ id: b.id, guide_text: '公演中止のご返金です。' });

    const page1 = await get('/v1/remittance_orders?limit=1');
    expect(page1.body).toMatchObject({ object: 'list', has_more: true });
    expect(page1.body.data[0].id).toBe(b.id);
    const page2 = await get(`/v1/remittance_orders?limit=1&starting_after=${encodeURIComponent(page1.body.next_cursor)}`);
    expect(page2.body.data[0].id).toBe(a.body.id);
    expect((await get('/v1/remittance_orders?limit=101')).body.error).toMatchObject({ code: 'parameter_invalid', param: 'limit' });
    expect((await get('/v1/remittance_orders?status=draft')).body.data.every((o: { status: string }) => o.status === 'draft')).toBe(true);

    const cancelled = await post(`/v1/remittance_orders/${a.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const bad = await post('/v1/remittance_orders', { purpose: '', channels: ['fax'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toMatch(/purpose|channels/);
  });

  it('takes recipients as JSON and as CSV (Shift_JIS and UTF-8), whole or not at all, naming row and field', async () => {
    const order = await newOrder();
    const json = await post(`/v1/remittance_orders/${order.id}/recipients`, {
      recipients: [{ name: '山田 太郎', name_kana: 'ヤマダ タロウ', amount: 3000, email: 'taro@example.jp', reference: 'T-1' }],
    });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ object: 'recipient_upload', added: 1, order: { recipient_count: 1, total_amount: 3000 } });

    const csv = 'name,name_kana,amount,email,postal_code,prefecture,city,line1,reference\r\n鈴木 花子,スズキ ハナコ,2000,,100-0001,東京都,千代田区,千代田1-1,T-2\r\n佐藤 次郎,サトウ ジロウ,1000,jiro@example.jp,,,,,T-3\r\n';
    const sjis = await post(`/v1/remittance_orders/${order.id}/recipients`, undefined, { rawBody: iconv.encode(csv, 'Shift_JIS'), contentType: 'text/csv; charset=Shift_JIS' });
    expect(sjis.status).toBe(200);
    expect(sjis.body).toMatchObject({ added: 2, order: { recipient_count: 3, total_amount: 6000 } });

    // one bad row: nothing is added, the error names the row and the field
    const badCsv = 'name,name_kana,amount,email\r\n田中 一,タナカ ハジメ,500,hajime@example.jp\r\n木村 二,キムラ ジ,1000001,ji@example.jp\r\n';
    const bad = await post(`/v1/remittance_orders/${order.id}/recipients`, undefined, { rawBody: Buffer.from(badCsv), contentType: 'text/csv' });
    expect(bad.status).toBe(400);
    // rows are numbered in the order (3 already there: the second new row is row 5)
    expect(bad.body.error.param).toBe('rows[5].amount');
    expect((await get(`/v1/remittance_orders/${order.id}`)).body.recipient_count).toBe(3);
    expect((await post(`/v1/remittance_orders/${order.id}/recipients`, undefined, { rawBody: Buffer.from(badCsv), contentType: 'text/plain' })).body.error.code).toBe('unsupported_content_type');
    expect((await post(`/v1/remittance_orders/${order.id}/recipients`, undefined, { rawBody: Buffer.from(csv), contentType: 'text/csv; charset=latin1' })).body.error.code).toBe('unsupported_encoding');

    const list = await get(`/v1/remittance_orders/${order.id}/recipients?limit=2`);
    expect(list.body.data.map((r: { name: string; row_number: number }) => [r.row_number, r.name])).toEqual([[1, '山田 太郎'], [2, '鈴木 花子']]);
    expect(list.body.has_more).toBe(true);
    const rest = await get(`/v1/remittance_orders/${order.id}/recipients?starting_after=${encodeURIComponent(list.body.next_cursor)}`);
    expect(rest.body.data.map((r: { reference: string }) => r.reference)).toEqual(['T-3']);
    const one = await get(`/v1/remittance_recipients/${list.body.data[1].id}`);
    expect(one.body).toMatchObject({ object: 'remittance_recipient', status: 'pending', postal_address: { postal_code: '100-0001', prefecture: '東京都' }, amount: 2000 });

    // results as CSV (UTF-8 with BOM and Shift_JIS)
    const exported = await fetch(`${http}/v1/remittance_orders/${order.id}/results`, { headers: { authorization: `Bearer ${m.testKey}` } });
    expect(exported.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await exported.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8')).toContain('山田 太郎');
    const sj = await fetch(`${http}/v1/remittance_orders/${order.id}/results?format=csv_shift_jis`, { headers: { authorization: `Bearer ${m.testKey}` } });
    expect(iconv.decode(Buffer.from(await sj.arrayBuffer()), 'Shift_JIS')).toContain('鈴木 花子');
  });

  it('another merchant\'s orders, recipients and transfers are 404', async () => {
    const order = await newOrder();
    await post(`/v1/remittance_orders/${order.id}/recipients`, { recipients: [{ name: '山田 太郎', name_kana: 'ヤマダ タロウ', amount: 3000, email: 'x@example.jp' }] });
    const rid = (await get(`/v1/remittance_orders/${order.id}/recipients`)).body.data[0].id;
    for (const r of [
      await get(`/v1/remittance_orders/${order.id}`, other.testKey),
      await get(`/v1/remittance_orders/${order.id}/recipients`, other.testKey),
      await get(`/v1/remittance_recipients/${rid}`, other.testKey),
      await post(`/v1/remittance_orders/${order.id}/approve`, undefined, { key: other.testKey }),
      await post(`/v1/remittance_orders/${order.id}/cancel`, undefined, { key: other.testKey }),
      await post(`/v1/remittance_recipients/${rid}/recontact`, undefined, { key: other.testKey }),
      await get(`/v1/remittance_orders/${order.id}`, m.liveKey),
      await get('/v1/transfers/trf_nope'),
    ]) {
      expect(r.status).toBe(404);
      expect(r.body.error.code).toMatch(/not_found|resource_missing/);
    }
    expect((await get('/v1/remittance_orders', other.testKey)).body.data).toEqual([]);
  });

  it('documents every remittance route in the OpenAPI document, CSV uploads included', async () => {
    const doc = (await api(http, 'GET', '/openapi.json')).body;
    for (const p of ['/v1/remittance_orders', '/v1/remittance_orders/{id}', '/v1/remittance_orders/{id}/approve', '/v1/remittance_orders/{id}/recipients', '/v1/remittance_orders/{id}/results', '/v1/remittance_recipients/{id}/recontact', '/v1/deposit_refunds', '/v1/transfers/{id}/reversal']) {
      expect(doc.paths[p]).toBeDefined();
    }
    expect(Object.keys(doc.paths['/v1/remittance_orders/{id}/recipients'].post.requestBody.content)).toEqual(['application/json', 'text/csv']);
    expect(doc.components.schemas.RemittanceOrder).toBeDefined();
  });
});

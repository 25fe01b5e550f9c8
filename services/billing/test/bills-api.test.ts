import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { CHAINS, ChainId, slipBarcodeData, stampMayBeRequired } from '@kessai/konbini';
import { eventually } from '../../../scripts/test/support/clients';
import { api, gatewayAdminClient } from '../../../scripts/test/support/edge';
import { RunningStore, startStoreSimulator } from '../../../scripts/test/support/store';
import { billingDate, createBill, http, konbiniMerchant } from './support';

const admin = gatewayAdminClient();
let store: RunningStore;
let owner: Awaited<ReturnType<typeof konbiniMerchant>>;
let tenant: Awaited<ReturnType<typeof konbiniMerchant>>;
let other: Awaited<ReturnType<typeof konbiniMerchant>>;

beforeAll(async () => {
  store = await startStoreSimulator();
  await store.call('POST', '/control/faults', { confirm_delay_ms: -1 });
  owner = await konbiniMerchant(admin, 'モール運営株式会社');
  tenant = await konbiniMerchant(admin, 'テナント書店', ['seven_eleven', 'lawson'], owner.merchant.id);
  other = await konbiniMerchant(admin, '他社', ['seven_eleven']);
});

afterAll(async () => {
  await store.stop();
  admin.close();
});

describe('bills through the public API', () => {
  it('names the field at fault, with the boundary values of docs/reference/konbini.md#bills', async () => {
    const today = await billingDate(0);
    const cases: [Record<string, unknown>, number, string | null][] = [
      [{ amount: 300_000, due_date: await billingDate(59) }, 200, null],
      [{ amount: 300_001, due_date: await billingDate(5) }, 400, 'amount'],
      [{ amount: 0, due_date: await billingDate(5) }, 400, 'amount'],
      [{ amount: 1_000, due_date: await billingDate(60) }, 400, 'due_date'],
      [{ amount: 1_000, due_date: today, stores: ['familymart'] }, 400, 'due_date'],
      [{ amount: 1_000, due_date: today, stores: ['lawson'] }, 200, null],
      [{ amount: 1_000, due_date: await billingDate(3), stores: ['nosuch'] }, 400, 'stores[0]'],
      [{ amount: 1_000 }, 400, 'due_date'],
    ];
    for (const [body, status, param] of cases) {
      const res = await createBill(owner.testKey, body);
      expect({ body, status: res.status, param: res.body.error?.param ?? null }).toEqual({ body, status, param });
    }
    // a tenant's contract limits its stores
    const res = await createBill(tenant.testKey, { amount: 1_000, due_date: await billingDate(3), stores: ['familymart'] });
    expect({ status: res.status, param: res.body.error?.param }).toEqual({ status: 400, param: 'stores[0]' });
  });

  it('replays a retried create and refuses the same key with another body', async () => {
    const key = randomUUID();
    const body = { amount: 1_234, due_date: await billingDate(7) };
    const a = await api(http, 'POST', '/v1/bills', { key: owner.testKey, idempotencyKey: key, body });
    const b = await api(http, 'POST', '/v1/bills', { key: owner.testKey, idempotencyKey: key, body });
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    const c = await api(http, 'POST', '/v1/bills', { key: owner.testKey, idempotencyKey: key, body: { ...body, amount: 1 } });
    expect(c.status).toBe(409);
  });

  it('modifies an open bill any number of times, then deletes it; a deleted bill stays deleted', async () => {
    const bill = (await createBill(owner.testKey, { amount: 1_000, due_date: await billingDate(7), message: 'a' })).body;
    const up1 = await api(http, 'POST', `/v1/bills/${bill.id}`, { key: owner.testKey, idempotencyKey: randomUUID(), body: { amount: 2_000, message: 'b' } });
    expect(up1.body).toMatchObject({ amount: 2_000, message: 'b', status: 'open' });
    const up2 = await api(http, 'POST', `/v1/bills/${bill.id}`, { key: owner.testKey, idempotencyKey: randomUUID(), body: { due_date: await billingDate(59), tax_amount: 100 } });
    expect(up2.body).toMatchObject({ amount: 2_000, tax_amount: 100, due_date: await billingDate(59) });
    const bad = await api(http, 'POST', `/v1/bills/${bill.id}`, { key: owner.testKey, idempotencyKey: randomUUID(), body: { amount: 300_001 } });
    expect({ status: bad.status, param: bad.body.error.param }).toEqual({ status: 400, param: 'amount' });
    const del = await api(http, 'DELETE', `/v1/bills/${bill.id}`, { key: owner.testKey });
    expect(del.body.status).toBe('deleted');
    const after = await api(http, 'POST', `/v1/bills/${bill.id}`, { key: owner.testKey, idempotencyKey: randomUUID(), body: { amount: 5 } });
    expect({ status: after.status, code: after.body.error.code }).toEqual({ status: 409, code: 'bill_deleted' });
    // its numbers no longer pay anything at the store
    expect((await store.call('POST', '/lookup', { chain: 'seven_eleven', number: bill.payment_numbers[0].number })).bills).toEqual([]);
  });

  it('keeps tenants apart: the owner sees all, a tenant only itself, another merchant nothing (404)', async () => {
    const due = await billingDate(9);
    const own = (await createBill(owner.testKey, { amount: 100, due_date: due, order_reference: 'own' })).body;
    const viaOwner = (await createBill(owner.testKey, { amount: 200, due_date: due, order_reference: 'for-tenant' }, { 'kessai-account': tenant.merchant.id })).body;
    const self = (await createBill(tenant.testKey, { amount: 300, due_date: due, order_reference: 'self' })).body;
    expect(viaOwner.account).toBe(tenant.merchant.id);
    expect(viaOwner.stores).toEqual(['seven_eleven', 'lawson']);

    const ownerList = (await api(http, 'GET', '/v1/bills?limit=100', { key: owner.testKey })).body.data.map((b: any) => b.id);
    expect(ownerList).toEqual(expect.arrayContaining([own.id, viaOwner.id, self.id]));
    const onlyTenant = (await api(http, 'GET', `/v1/bills?limit=100&tenant=${tenant.merchant.id}`, { key: owner.testKey })).body.data.map((b: any) => b.id);
    expect(onlyTenant).toEqual(expect.arrayContaining([viaOwner.id, self.id]));
    expect(onlyTenant).not.toContain(own.id);
    const tenantList = (await api(http, 'GET', '/v1/bills?limit=100', { key: tenant.testKey })).body.data.map((b: any) => b.id);
    expect(tenantList).toEqual(expect.arrayContaining([viaOwner.id, self.id]));
    expect(tenantList).not.toContain(own.id);

    expect((await api(http, 'GET', `/v1/bills/${own.id}`, { key: tenant.testKey })).status).toBe(404);
    expect((await api(http, 'GET', `/v1/bills/${self.id}`, { key: owner.testKey })).status).toBe(200);
    expect((await api(http, 'GET', `/v1/bills/${own.id}`, { key: other.testKey })).status).toBe(404);
    expect((await api(http, 'DELETE', `/v1/bills/${own.id}`, { key: other.testKey })).status).toBe(404);
    expect((await api(http, 'GET', `/v1/bills/${own.id}`, { key: owner.liveKey })).status).toBe(404);
    expect((await api(http, 'GET', '/v1/bills', { key: other.testKey })).body.data).toEqual([]);
    // a test-mode number pays nothing in live mode and the other way round: the simulator is test mode
    expect((await api(http, 'GET', '/v1/bills', { key: owner.liveKey })).body.data).toEqual([]);
  });

  it('pages through bills with cursors and filters them', async () => {
    const m = await konbiniMerchant(admin, 'ページ商店', ['lawson']);
    const due = await billingDate(4);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createBill(m.testKey, { amount: 100 + i, due_date: due, customer: { email: i === 2 ? 'find.me@example.jp' : 'x@example.jp' } })).body.id);
    const first = await api(http, 'GET', '/v1/bills?limit=2', { key: m.testKey });
    expect(first.body.data.map((b: any) => b.id)).toEqual([ids[4], ids[3]]);
    const second = await api(http, 'GET', `/v1/bills?limit=2&starting_after=${first.body.next_cursor}`, { key: m.testKey });
    expect(second.body.data.map((b: any) => b.id)).toEqual([ids[2], ids[1]]);
    expect((await api(http, 'GET', '/v1/bills?customer_email=FIND.me@example.jp', { key: m.testKey })).body.data.map((b: any) => b.id)).toEqual([ids[2]]);
    expect((await api(http, 'GET', `/v1/bills?due_from=${await billingDate(5)}`, { key: m.testKey })).body.data).toEqual([]);
  });

  it('serves the slip PDF from its link; the barcode reads back as the bill\'s GS1-128 data', async () => {
    const bill = (await createBill(owner.testKey, { amount: 12_340, due_date: await billingDate(10), message: '年会費のお支払いをお願いします', customer: { name: '山田 太郎' } })).body;
    const res = await fetch(bill.slip_url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes(Buffer.from('/FontFile2'))).toBe(true); // the font is embedded
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slip-'));
    try {
      fs.writeFileSync(path.join(dir, 'slip.pdf'), pdf);
      execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', path.join(dir, 'slip.pdf'), path.join(dir, 'slip')]);
      const text = execFileSync('pdftotext', [path.join(dir, 'slip.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('12,340円');
      expect(text).toContain(bill.payment_numbers[0].number);
      // one barcode per till chain, each carrying that chain's own number (docs/konbini.md#slip)
      const read = execFileSync('zbarimg', ['-q', '--raw', path.join(dir, 'slip.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
      const till = bill.payment_numbers.filter((n: any) => CHAINS[n.store as ChainId].tillBarcode);
      expect(till.map((n: any) => n.store)).toEqual(['seven_eleven', 'daily_yamazaki', 'seicomart']);
      const expected = till.map((n: any) => slipBarcodeData({
        companyCode: '912345', freeField: n.number, dueDate: bill.due_date, stampRequired: stampMayBeRequired(bill.amount, null, bill.stores), amount: bill.amount,
      }));
      expect([...read].sort()).toEqual([...expected].sort());
      expect(bill.barcode).toBe(expected[0]);
      for (const n of till) expect(text).toContain(`${CHAINS[n.store as ChainId].nameJa}のレジ用バーコード`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // a wrong token, and the link of a deleted bill, answer 404
    expect((await fetch(`${bill.slip_url}x`)).status).toBe(404);
    await api(http, 'DELETE', `/v1/bills/${bill.id}`, { key: owner.testKey });
    expect((await fetch(bill.slip_url)).status).toBe(404);
  });

  it('exports results as UTF-8 CSV with a BOM, Shift_JIS CSV and PDF', async () => {
    const m = await konbiniMerchant(admin, '株式会社エクスポート', ['seven_eleven', 'familymart']);
    const bill = (await createBill(m.testKey, { amount: 4_321, due_date: await billingDate(3), stores: ['familymart'], order_reference: '注文-1' })).body;
    const pay = await store.call('POST', '/pay', { chain: 'familymart', number: bill.payment_numbers[0].number });
    await store.call('POST', `/payments/${pay.id}/confirm`);
    await eventually(async () => (await api(http, 'GET', '/v1/payments?status=confirmed', { key: m.testKey })).body.data.length === 1, 10_000, 'confirmed');
    // the till took another amount for a second bill: flagged in the export
    const other2 = (await createBill(m.testKey, { amount: 5_000, due_date: await billingDate(3), stores: ['familymart'] })).body;
    await store.call('POST', '/pay', { chain: 'familymart', number: other2.payment_numbers[0].number, amount: 4_000 });
    await eventually(async () => (await api(http, 'GET', '/v1/payments', { key: m.testKey })).body.data.length === 2, 10_000, 'the mismatched payment');
    const get = async (format: string) => {
      const res = await fetch(`${http}/v1/payments/export?format=${format}`, { headers: { authorization: `Bearer ${m.testKey}` } });
      return { status: res.status, type: res.headers.get('content-type'), data: Buffer.from(await res.arrayBuffer()) };
    };
    const utf8 = await get('csv');
    expect(utf8.status).toBe(200);
    expect([...utf8.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = utf8.data.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toContain('決済ID,請求ID,ご注文番号,状態');
    expect(text).toContain('確報');
    expect(text).toContain('ファミリーマート');
    expect(text).toContain('4321');
    // the tenant and the amount-mismatch flag close each row
    expect(text.split('\r\n')[0].split(',').slice(-4)).toEqual(['テナントID', 'テナント名', '金額相違', '請求金額']);
    expect(text.split('\r\n')[1].split(',').slice(-4)).toEqual([m.merchant.id, '株式会社エクスポート', '0', '4321']);
    expect(text.split('\r\n')[2].split(',').slice(-4)).toEqual([m.merchant.id, '株式会社エクスポート', '1', '5000']);
    const sjis = await get('csv_shift_jis');
    expect(sjis.type).toContain('Shift_JIS');
    expect(sjis.data.includes(Buffer.from('確報', 'utf8'))).toBe(false);
    expect(iconv.decode(sjis.data, 'cp932')).toBe(text);
    const pdf = await get('pdf');
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.data.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'));
    try {
      fs.writeFileSync(path.join(dir, 'export.pdf'), pdf.data);
      const pdfText = execFileSync('pdftotext', ['-layout', path.join(dir, 'export.pdf'), '-'], { encoding: 'utf8' });
      for (const word of ['テナント名', '金額相違', '株式会社エクスポート']) expect(pdfText).toContain(word);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // another merchant's export is empty
    const res = await fetch(`${http}/v1/payments/export`, { headers: { authorization: `Bearer ${other.testKey}` } });
    expect((Buffer.from(await res.arrayBuffer())).subarray(3).toString('utf8').trim().split('\r\n')).toHaveLength(1);
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { tokyoDate } from '@kessai/bank-calendar';
import { feesV1 } from '@kessai/contracts';
import { addDays, settlementPeriod } from '@kessai/konbini';
import { connectClient, newId } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { api, gatewayAdminClient, newMerchant, type NewMerchant } from '../../../scripts/test/support/edge';
import { statementDates } from '../src/domain/payout-dates';
import { feesTestKit } from './support';

// Statements and fee items through the public REST API: payments confirmed on
// the run's NATS, the statement fixed by the job fees.fix-statements, then
// listed, read and downloaded as a qualified invoice (適格請求書) through the
// gateway, which reaches the fees service over gRPC. Another merchant's
// statement is 404, never 403 (docs/reference/fees-and-settlement.md#qualified-invoice-documents).
const { ctx, publish, payment, items } = feesTestKit();
const ops = ctx.services.fees.opsUrl;
const http = ctx.services.gateway.httpUrl!;
const documents = connectClient(feesV1.DocumentServiceClient, ctx.services.fees.grpcAddr);
const DAY = 86_400_000;
// the fees service's development default (services/fees/src/config.ts)
const REGISTRATION_NUMBER = 'T6012345678901';

let owner: NewMerchant;
let tenant: NewMerchant;
let other: NewMerchant;
const statementsOf: Record<string, any[]> = {};

async function now(): Promise<Date> {
  return new Date(((await (await fetch(`${ops}/test/clock`)).json()) as { now: string }).now);
}

/** Moves the platform clock past a fix date when it is not behind us yet, then runs the job. */
async function fixUpTo(fixDate: string): Promise<void> {
  const wait = Date.parse(`${fixDate}T00:00:00+09:00`) - (await now()).getTime();
  if (wait > 0) {
    const res = await fetch(`${ops}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: wait + DAY / 2 }) });
    expect(res.status).toBe(200);
  }
  const res = await fetch(`${ops}/test/jobs/fees.fix-statements/run`, { method: 'POST' });
  expect(res.status).toBe(200);
}

function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fees-rest-'));
  try {
    fs.writeFileSync(path.join(dir, 'statement.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'statement.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const download = (key: string, p: string, headers: Record<string, string> = {}) => fetch(`${http}${p}`, { headers: { authorization: `Bearer ${key}`, ...headers } });

beforeAll(async () => {
  const admin = gatewayAdminClient();
  owner = await newMerchant(admin, '株式会社ドキュメント商店');
  tenant = await newMerchant(admin, 'テナント書店', owner.merchant.id);
  other = await newMerchant(admin, '別の商店');
  admin.close();

  // two monthly periods in the past for the owner (one with a 55,000 yen payment: stamp duty), one for the tenant
  const first = settlementPeriod('monthly', addDays(tokyoDate(await now()), -80));
  const second = settlementPeriod('monthly', addDays(first.close, 1));
  const noon = (day: string) => new Date(`${day}T03:00:00Z`);
  await publish([
    payment(owner.merchant.id, newId('pay'), 200, noon(first.start)),
    payment(owner.merchant.id, newId('pay'), 0, noon(first.close)),
    payment(owner.merchant.id, newId('pay'), 0, noon(second.start)),
    payment(tenant.merchant.id, newId('pay'), 0, noon(first.start)),
  ]);
  await eventually(async () => (await items(owner.merchant.id)).length === 4 && (await items(tenant.merchant.id)).length === 1, 30_000, 'collections accrued');
  await fixUpTo(statementDates(second.close).fixDate);
  // (the owner's list holds its tenant's statements too)
  for (const m of [owner, tenant]) {
    await eventually(async () => {
      statementsOf[m.merchant.id] = ((await api(http, 'GET', '/v1/statements', { key: m.testKey })).body.data ?? []).filter((s: any) => s.account === m.merchant.id);
      return statementsOf[m.merchant.id].length === (m === owner ? 2 : 1);
    }, 20_000, 'statements fixed');
  }
}, 120_000);

afterAll(() => documents.close());

describe('statements over REST', () => {
  it('lists a merchant\'s statements newest close first, paged with cursors', async () => {
    const [newest, oldest] = statementsOf[owner.merchant.id];
    expect(newest.period_close > oldest.period_close).toBe(true);
    expect(oldest).toMatchObject({
      object: 'statement', livemode: false, account: owner.merchant.id, settlement_cycle: 'monthly', status: 'fixed', confirmed_collections: 58_000, fees: 0,
      consumption_tax: 150, tax_rate: 10, stamp_duty: 200, payout_fee: 1_500, carried_in: 0, payout_amount: 58_000 - 200 - 150 - 1_500, carried_over: 0,
      document_url: `/v1/statements/${oldest.id}/document`,
    });
    expect(newest).toMatchObject({ confirmed_collections: 3_000, stamp_duty: 0, payout_amount: 3_000 - 150 - 1_500 });

    const [tenantStatement] = statementsOf[tenant.merchant.id];
    // the owner's list: its own statements and its tenant's, newest close first (the tenant's is of the older period)
    const all = await api(http, 'GET', '/v1/statements', { key: owner.testKey });
    expect(all.body.data.map((s: any) => s.id)).toEqual([newest.id, ...[oldest.id, tenantStatement.id].sort().reverse()]);
    const page1 = await api(http, 'GET', '/v1/statements?limit=2', { key: owner.testKey });
    expect(page1.body).toMatchObject({ object: 'list', has_more: true });
    const page2 = await api(http, 'GET', `/v1/statements?limit=2&starting_after=${page1.body.next_cursor}`, { key: owner.testKey });
    expect(page2.body).toMatchObject({ has_more: false, next_cursor: null });
    expect([...page1.body.data, ...page2.body.data]).toEqual(all.body.data);
    // a cursor of one merchant's list is refused for another's
    const stolen = await api(http, 'GET', `/v1/statements?starting_after=${page1.body.next_cursor}`, { key: other.testKey });
    expect({ status: stolen.status, code: stolen.body.error?.code, param: stolen.body.error?.param }).toEqual({ status: 400, code: 'invalid_cursor', param: 'starting_after' });

    expect((await api(http, 'GET', `/v1/statements/${oldest.id}`, { key: owner.testKey })).body).toEqual(oldest);
    // one tenant's with `tenant`, or acting for the tenant (Kessai-Account); the tenant sees only its own
    expect((await api(http, 'GET', `/v1/statements?tenant=${tenant.merchant.id}`, { key: owner.testKey })).body.data.map((s: any) => s.id)).toEqual([tenantStatement.id]);
    expect((await api(http, 'GET', `/v1/statements?tenant=${owner.merchant.id}`, { key: owner.testKey })).body.data.map((s: any) => s.id)).toEqual([newest.id, oldest.id]);
    // anyone else's account as `tenant` is 404, as with Kessai-Account
    for (const [key, t] of [[owner.testKey, other.merchant.id], [tenant.testKey, owner.merchant.id], [owner.testKey, 'mer_doesnotexist']]) {
      const res = await api(http, 'GET', `/v1/statements?tenant=${t}`, { key });
      expect({ status: res.status, code: res.body.error?.code, param: res.body.error?.param }).toEqual({ status: 404, code: 'resource_missing', param: 'tenant' });
    }
    const viaOwner = await api(http, 'GET', '/v1/statements', { key: owner.testKey, headers: { 'kessai-account': tenant.merchant.id } });
    expect(viaOwner.body.data.map((s: any) => s.id)).toEqual([tenantStatement.id]);
    expect((await api(http, 'GET', '/v1/statements', { key: tenant.testKey })).body.data.map((s: any) => s.id)).toEqual([tenantStatement.id]);
    for (const headers of [{}, { 'kessai-account': tenant.merchant.id }]) {
      expect((await api(http, 'GET', `/v1/statements/${tenantStatement.id}`, { key: owner.testKey, headers })).body).toEqual(tenantStatement);
      const csv = await download(owner.testKey, `/v1/statements/${tenantStatement.id}/document?format=csv`, headers);
      expect(csv.status).toBe(200);
      // addressed to the tenant, whose statement it is
      expect(await csv.text()).toContain(`\r\n宛先,テナント書店,,,,\r\n宛先ID,${tenant.merchant.id},`);
    }
  });

  it('answers 404, never 403, for a statement that is not the caller\'s', async () => {
    const [, oldest] = statementsOf[owner.merchant.id];
    const [tenantStatement] = statementsOf[tenant.merchant.id];
    for (const [key, id, headers] of [
      [other.testKey, oldest.id, {}],
      [tenant.testKey, oldest.id, {}],
      // the owner's live key: the statement is of test mode
      [owner.liveKey, oldest.id, {}],
      [other.testKey, tenantStatement.id, {}],
      [owner.liveKey, tenantStatement.id, {}],
      [owner.testKey, oldest.id, { 'kessai-account': tenant.merchant.id }],
    ] as const) {
      for (const p of [`/v1/statements/${id}`, `/v1/statements/${id}/document`, `/v1/statements/${id}/document?format=csv`]) {
        const res = await api(http, 'GET', p, { key, headers });
        expect({ p, status: res.status, code: res.body.error?.code }).toEqual({ p, status: 404, code: 'statement_not_found' });
      }
    }
    expect((await api(http, 'GET', '/v1/statements', { key: other.testKey })).body.data).toEqual([]);
  });

  it('downloads the statement as a qualified-invoice PDF: registration number, rate, tax, recipient, stamp duty, payout', async () => {
    const [, oldest] = statementsOf[owner.merchant.id];
    const res = await download(owner.testKey, `/v1/statements/${oldest.id}/document?format=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="kessai-statement-${oldest.id}.pdf"`);
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    for (const want of [`登録番号: ${REGISTRATION_NUMBER}`, '株式会社ドキュメント商店 御中', '10%対象 消費税額', '150円', '印紙税相当額（不課税）', '200円', '58,000円', '56,150円', oldest.id]) {
      expect(text).toContain(want);
    }
    expect(text).toMatch(/10%対象 消費税額\s+150円\s+10%/);
    // pdf is the default
    expect((await download(owner.testKey, `/v1/statements/${oldest.id}/document`)).headers.get('content-type')).toBe('application/pdf');
  });

  it('downloads it as CSV, UTF-8 with a BOM or Shift_JIS', async () => {
    const [, oldest] = statementsOf[owner.merchant.id];
    const utf8 = await download(owner.testKey, `/v1/statements/${oldest.id}/document?format=csv`);
    expect(utf8.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(utf8.headers.get('content-disposition')).toBe(`attachment; filename="kessai-statement-${oldest.id}.csv"`);
    const bytes = Buffer.from(await utf8.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const sjis = await download(owner.testKey, `/v1/statements/${oldest.id}/document?format=csv&encoding=shift_jis`);
    expect(sjis.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    const text = iconv.decode(Buffer.from(await sjis.arrayBuffer()), 'cp932');
    expect(text).toBe(bytes.subarray(3).toString('utf8'));
    const rows = text.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(rows).toEqual(expect.arrayContaining([
      ['登録番号', REGISTRATION_NUMBER, '', '', '', ''],
      ['宛先', '株式会社ドキュメント商店', '', '', '', ''],
      ['税率別合計', '10%対象（税抜）', '', '1500', '10%', '150'],
      ['明細', '印紙税相当額（不課税）', '1', '200', '不課税', ''],
      ['精算', '振込金額', '', String(oldest.payout_amount), '', ''],
    ]));
    // the encoding is for CSV only; a format outside the list names its parameter
    const bad = await api(http, 'GET', `/v1/statements/${oldest.id}/document?format=pdf&encoding=shift_jis`, { key: owner.testKey });
    expect({ status: bad.status, param: bad.body.error?.param }).toEqual({ status: 400, param: 'encoding' });
    const xls = await api(http, 'GET', `/v1/statements/${oldest.id}/document?format=xlsx`, { key: owner.testKey });
    expect({ status: xls.status, param: xls.body.error?.param }).toEqual({ status: 400, param: 'format' });
  });
});

describe('the OpenAPI document', () => {
  it('documents the statements, the document download and the fee items', async () => {
    const doc = (await api(http, 'GET', '/openapi.json')).body;
    for (const p of ['/v1/statements', '/v1/statements/{id}', '/v1/statements/{id}/document', '/v1/fee_items']) expect(doc.paths[p]?.get).toBeDefined();
    expect(Object.keys(doc.paths['/v1/statements/{id}/document'].get.responses['200'].content).sort()).toEqual(['application/pdf', 'text/csv']);
    expect(doc.paths['/v1/fee_items'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['kind', 'from', 'to', 'tenant', 'limit', 'starting_after']));
    expect(doc.components.schemas.Statement.properties.tax_rate).toBeDefined();
    expect(doc.components.schemas.FeeItem).toBeDefined();
  });
});

describe('fee items over REST', () => {
  it('lists what the merchant was charged and why, filtered by kind and dates', async () => {
    const all = await api(http, 'GET', '/v1/fee_items', { key: owner.testKey });
    expect(all.status).toBe(200);
    // the owner's own four and its tenant's one
    expect(all.body.data.map((i: any) => i.account).sort()).toEqual([...Array(4).fill(owner.merchant.id), tenant.merchant.id].sort());
    const stamp = await api(http, 'GET', '/v1/fee_items?kind=stamp_duty', { key: owner.testKey });
    expect(stamp.body.data).toEqual([
      expect.objectContaining({ object: 'fee_item', livemode: false, account: owner.merchant.id, kind: 'stamp_duty', amount: 200, taxable: false, settlement: 'collection', cause: { type: 'payment', id: expect.stringMatching(/^pay_/) } }),
    ]);
    const day = stamp.body.data[0].occurred_on;
    const onDay = await api(http, 'GET', `/v1/fee_items?from=${day}&to=${day}`, { key: owner.testKey });
    expect(onDay.body.data.map((i: any) => `${i.account === tenant.merchant.id ? 'tenant' : 'owner'}:${i.kind}`).sort()).toEqual(['owner:paid_bill', 'owner:stamp_duty', 'tenant:paid_bill']);
    const page1 = await api(http, 'GET', '/v1/fee_items?limit=3', { key: owner.testKey });
    const page2 = await api(http, 'GET', `/v1/fee_items?limit=3&starting_after=${page1.body.next_cursor}`, { key: owner.testKey });
    expect([...page1.body.data, ...page2.body.data].map((i: any) => i.id)).toEqual(all.body.data.map((i: any) => i.id));
    expect(page2.body.has_more).toBe(false);

    for (const [q, param] of [['kind=free_lunch', 'kind'], ['from=2026-13-01', 'from'], [`from=${day}&to=${addDays(day, -1)}`, 'to']]) {
      const res = await api(http, 'GET', `/v1/fee_items?${q}`, { key: owner.testKey });
      expect({ q, status: res.status, param: res.body.error?.param }).toEqual({ q, status: 400, param });
    }
    expect((await api(http, 'GET', '/v1/fee_items', { key: other.testKey })).body.data).toEqual([]);
    for (const tenantOnly of [
      api(http, 'GET', '/v1/fee_items', { key: owner.testKey, headers: { 'kessai-account': tenant.merchant.id } }),
      api(http, 'GET', `/v1/fee_items?tenant=${tenant.merchant.id}`, { key: owner.testKey }),
      api(http, 'GET', '/v1/fee_items', { key: tenant.testKey }),
    ]) expect((await tenantOnly).body.data.map((i: any) => i.account)).toEqual([tenant.merchant.id]);
  });
});

describe('DocumentService over gRPC', () => {
  it('refuses a missing format naming the field, and finds no invoice until the invoices are wired in', async () => {
    const [, oldest] = statementsOf[owner.merchant.id];
    await expect(documents.getStatementDocument({ statementId: oldest.id, merchantId: owner.merchant.id, format: feesV1.DocumentFormat.DOCUMENT_FORMAT_UNSPECIFIED, encoding: '' }))
      .rejects.toMatchObject({ kind: 'invalid_argument', fieldViolations: [expect.objectContaining({ field: 'format' })] });
    await expect(documents.getStatementDocument({ statementId: oldest.id, merchantId: other.merchant.id, format: feesV1.DocumentFormat.DOCUMENT_FORMAT_PDF, encoding: '' }))
      .rejects.toMatchObject({ kind: 'not_found' });
    await expect(documents.getInvoiceDocument({ invoiceId: 'inv_any', merchantId: owner.merchant.id, format: feesV1.DocumentFormat.DOCUMENT_FORMAT_PDF, encoding: '' }))
      .rejects.toMatchObject({ kind: 'not_found' });
  });
});

import { randomUUID } from 'node:crypto';
import { eventsV1, remittanceEventsV1, remittanceV1 } from '@kessai/contracts';
import { connectClient, signatureHeader } from '@kessai/platform';
import { readTransferFile } from '@kessai/zengin';
import { tokyoDate } from '@kessai/bank-calendar';
import { Client } from 'pg';
import { SIMBANK_SECRET } from '../../../scripts/test/support/bank';
import { AccountType, eventually, type LedgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { rejection } from '../../../scripts/test/support/errors';
import { startOwnMesh, type OwnMesh } from '../../../scripts/test/support/own-mesh';

// A full-service remittance through the gRPC API, with a failed transfer, a recipient who never registers
// (expired at the deadline) and the retention of personal data 10 years after the order closed. It moves
// remittance's clock past a registration deadline and ten years on, so the mesh, bank and clocks are the
// file's own (scripts/test/support/own-mesh.ts): on the run's shared ones, those moves expired and erased
// the recipients of whatever other file was in the middle of a remittance.
jest.setTimeout(120_000);
const ctx = testContext();
const uid = () => randomUUID().replace(/-/g, '').slice(0, 10);
const { OrderStatus, RecipientStatus, RegistrationState, Channel, OrderMode, TransferStatus } = remittanceV1;

let own: OwnMesh;
let remittance: ReturnType<typeof connectClient<remittanceV1.RemittanceServiceClient>>;
let transfers: OwnMesh['transfers'];
let ledger: LedgerClient;
let db: Client;

beforeAll(async () => {
  if (!ctx.mailSink) throw new Error('the test run has no mail sink (is maildev installed?)');
  own = await startOwnMesh();
  ({ transfers, ledger } = own);
  remittance = connectClient(remittanceV1.RemittanceServiceClient, own.addr('remittance'));
  db = new Client({ connectionString: own.mesh.databaseUrl('remittance') });
  await db.connect();
}, 240_000);
afterAll(async () => {
  remittance?.close();
  await db?.end();
  await own?.stop();
});

async function ops(path: string, body: unknown = {}): Promise<any> {
  const res = await fetch(`${own.ops.remittance}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
/** Runs a job and returns its result (the ops trigger waits while the scheduler is running it). */
const runJob = (name: string) => ops(`/test/jobs/${name}/run`).then((r) => r.result);
const runJobNow = async (name: string): Promise<void> => {
  await runJob(name);
};
const remittanceNow = () => own.now('remittance');

const deposit = (merchantId: string) => ({ ownerId: merchantId, type: AccountType.ACCOUNT_TYPE_DEPOSIT });
const balance = async (merchantId: string) => (await ledger.getBalance({ livemode: false, account: deposit(merchantId) })).balance!;
const credit = (merchantId: string, amount: number) =>
  ledger.post({
    idempotencyKey: `test-deposit:${uid()}`, livemode: false, kind: 'deposit.received', description: 'test deposit', merchantId, metadata: {},
    postings: [
      { account: { ownerId: 'platform', type: AccountType.ACCOUNT_TYPE_PLATFORM_BANK }, amount: -amount },
      { account: deposit(merchantId), amount },
    ],
  });

async function mailTo(address: string): Promise<{ text: string }> {
  let found: { text: string } | undefined;
  await eventually(async () => {
    const all = (await (await fetch(ctx.mailSink!.apiUrl)).json()) as { to: { address: string }[]; text: string }[];
    found = all.find((m) => m.to.some((t) => t.address === address));
    return Boolean(found);
  }, 20_000, `a mail to ${address}`);
  return found!;
}

function bankReport(transferId: string, result: 'succeeded' | 'failed', amount: number, failure?: string) {
  const body = JSON.stringify({ id: `evt_${uid()}`, type: 'transfer.result', transfer_id: transferId, result, ...(failure ? { failure_code: failure } : {}), amount, executed_on: '2026-01-05' });
  return fetch(`${own.webhookUrl}/v1/partners/simbank/bank/transfers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMBANK_SECRET, body, Date.now()) },
    body,
  });
}

describe('a full-service remittance through the gRPC API', () => {
  it('order → recipients → approve short of funds → deposit → funded → email with link and code → account → file at the cut-off → results → holds right to the yen', async () => {
    const merchantId = `mer_${uid()}`;
    const scope = { livemode: false, merchantId, includeTenants: false, tenantId: '' };
    const { order } = await remittance.createOrder({
      scope, requestId: `req-${uid()}`, merchantName: 'テスト興行株式会社', guideText: '公演中止に伴うご返金です。', reference: 'concert-1',
      settings: { purpose: 'コンサート払戻し', defaultMessage: 'ご返金のご案内', channels: [Channel.CHANNEL_EMAIL, Channel.CHANNEL_POSTCARD], mode: OrderMode.ORDER_MODE_FULL_SERVICE, registrationDeadline: '', postcardAfterDays: 0, phoneAfterDays: 0 },
    });
    const emailA = `a.${uid()}@example.jp`;
    const emailC = `c.${uid()}@example.jp`;
    const csv = Buffer.from(
      `name,name_kana,amount,email,postal_code,prefecture,city,line1,reference\r\n山田 太郎,ヤマダ タロウ,30000,${emailA},,,,,T-1\r\n鈴木 花子,スズキ ハナコ,20000,,100-0001,東京都,千代田区,千代田1-1,T-2\r\n佐藤 次郎,サトウ ジロウ,10000,${emailC},,,,,T-3\r\n`,
    );
    // a bad upload is refused whole, naming row and field
    const bad = await rejection(remittance.addRecipients({ scope, requestId: `req-${uid()}`, orderId: order!.id, rows: [], csv: Buffer.from('name,name_kana,amount,email\r\nA,ア,1000001,a@x.jp\r\n'), csvEncoding: 0 }));
    expect(bad.fieldViolations.map((v) => v.field)).toEqual(['rows[1].amount']);
    const added = await remittance.addRecipients({ scope, requestId: `req-${uid()}`, orderId: order!.id, rows: [], csv, csvEncoding: 0 });
    expect(added.order).toMatchObject({ recipientCount: 3, totalAmount: 60_000, status: OrderStatus.ORDER_STATUS_DRAFT });

    // approve with an empty deposit: approved, waiting for funds, shortfall named
    const approveKey = `req-${uid()}`;
    const approved = await remittance.approveOrder({ scope, requestId: approveKey, orderId: order!.id });
    expect(approved.order).toMatchObject({ status: OrderStatus.ORDER_STATUS_WAITING_FOR_FUNDS, shortfallAmount: 60_000 });
    expect((await remittance.approveOrder({ scope, requestId: approveKey, orderId: order!.id })).replayed).toBe(true);

    // a deposit posted in the ledger funds it by itself (ledger.transaction.posted)
    await credit(merchantId, 70_000);
    await eventually(async () => (await remittance.getOrder({ scope, orderId: order!.id })).order!.status === OrderStatus.ORDER_STATUS_FUNDED, 20_000, 'order funded');
    expect(await balance(merchantId)).toMatchObject({ total: 70_000, held: 60_000, available: 10_000 });

    // outreach: an email to A and C at once; B (no email) gets a postcard at once
    // (the scheduler may have run it just before: what counts is this order's recipients, below)
    await runJob('remittance.outreach');
    const mail = await mailTo(emailA);
    const link = /\/r\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const code = /登録コード：([A-Z0-9-]+)/.exec(mail.text)![1];
    const { recipients } = await remittance.listRecipients({ scope, orderId: order!.id, status: 0, pageSize: 0, startingAfter: '' });
    expect(recipients.map((r) => r.contactedChannels)).toEqual([[Channel.CHANNEL_EMAIL], [Channel.CHANNEL_POSTCARD], [Channel.CHANNEL_EMAIL]]);

    // the page: state without personal data, a wrong code, then the right one
    expect((await remittance.openRegistration({ token: link })).state).toBe(RegistrationState.REGISTRATION_STATE_CODE_REQUIRED);
    const address = `198.51.100.${Math.floor(Math.random() * 200)}`;
    expect(await remittance.verifyCode({ token: link, code: 'AAAA-AAAA', clientAddress: address })).toMatchObject({ ok: false, attemptsLeft: 9 });
    const verified = await remittance.verifyCode({ token: link, code: code.toLowerCase(), clientAddress: address });
    expect(verified.ok).toBe(true);
    expect(await remittance.getRegistration({ sessionId: verified.sessionId })).toMatchObject({ merchantName: 'テスト興行株式会社', amount: 30_000, guideText: '公演中止に伴うご返金です。' });
    const badAccount = await rejection(remittance.registerAccount({ sessionId: verified.sessionId, account: { bankCode: '0001', branchCode: '99', accountType: 1, accountNumber: '1234567', holderKana: '山田', japanPostKigou: '', japanPostBangou: '' } }));
    expect(badAccount.fieldViolations.map((v) => v.field)).toEqual(['account.branch_code', 'account.holder_kana']);
    const registered = await remittance.registerAccount({ sessionId: verified.sessionId, account: { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '1234567', holderKana: 'やまだ たろう', japanPostKigou: '', japanPostBangou: '' } });
    expect(registered).toMatchObject({ status: RecipientStatus.RECIPIENT_STATUS_SCHEDULED, account: { accountNumber: '****567', holderKana: 'ﾔﾏﾀﾞ ﾀﾛｳ' } });
    const now = await remittanceNow();
    expect(registered.transferDate > tokyoDate(now)).toBe(true);

    // C registers an account whose holder the bank will not match (a simulator rule on the payee name)
    const mailC = await mailTo(emailC);
    const verifiedC = await remittance.verifyCode({ token: /\/r\/([A-Za-z0-9_-]+)/.exec(mailC.text)![1], code: /登録コード：([A-Z0-9-]+)/.exec(mailC.text)![1], clientAddress: address });
    const accountC = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    const registeredC = await remittance.registerAccount({ sessionId: verifiedC.sessionId, account: { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: accountC, holderKana: 'サトウ ジロウ', japanPostKigou: '', japanPostBangou: '' } });
    expect(registeredC.transferDate).toBe(registered.transferDate);
    const bank = own.bank;
    await bank.call('PUT', '/control/accounts/0001/001/1234567', { account_type: '1', holder_name_kana: 'ヤマダ タロウ', state: 'open', balance: 0 });
    await bank.call('PUT', `/control/accounts/0001/001/${accountC}`, { account_type: '1', holder_name_kana: 'サトウ ジロウ', state: 'open', balance: 0 });
    await bank.call('PUT', '/control/rules', { rules: [{ name_pattern: '^ｻﾄｳ ｼﾞﾛｳ$', failure_code: 'name_mismatch' }], reversal_policy: 'accept' });

    // move to the cut-off of that date: the file is built and stored before any upload
    const a = recipients[0];
    const transfer = (await transfers.getTransfer({ livemode: false, transferId: (await remittance.getRecipient({ scope, recipientId: a.id })).recipient!.transferId })).transfer!;
    expect(transfer).toMatchObject({ status: TransferStatus.TRANSFER_STATUS_SCHEDULED, amount: 30_000, executionDate: registered.transferDate });
    expect((await runJob('remittance.build-files')).files).toEqual([]); // before the cut-off: nothing
    await ops('/test/clock', { to: new Date(Date.parse(`${registered.transferDate}T00:00:00+09:00`) - 9 * 3_600_000).toISOString() }); // 15:00 JST the day before
    await runJobNow('remittance.build-files');
    const { rows: [filed] } = await db.query(`SELECT file_id FROM remittance.transfers WHERE id = $1`, [transfer.id]);
    const file = { id: filed.file_id as string };
    expect(file.id).toMatch(/^tfl_/);
    const { rows: [stored] } = await db.query(`SELECT content, status FROM remittance.transfer_files WHERE id = $1`, [file.id]);
    const parsed = readTransferFile(stored.content, { createdOn: tokyoDate(await remittanceNow()) });
    const ours = new Set(['1234567', accountC]);
    expect(parsed.records.filter((r) => ours.has(r.accountNumber)).map((r) => [r.bankCode, r.branchCode, r.accountNumber, r.payeeName, r.amount])).toEqual([
      ['0001', '001', '1234567', 'ﾔﾏﾀﾞ ﾀﾛｳ', 30_000],
      ['0001', '001', accountC, 'ｻﾄｳ ｼﾞﾛｳ', 10_000],
    ]);
    expect(parsed.header.transferDate).toBe(registered.transferDate);
    // the upload reaches the run's bank simulator (PARTNER_BANK_URL from the global setup): the file is sent
    await runJobNow('remittance.upload-files');
    expect((await db.query(`SELECT status, upload_attempts FROM remittance.transfer_files WHERE id = $1`, [file.id])).rows[0]).toMatchObject({ status: 'sent' });
    const transferC = (await remittance.getRecipient({ scope, recipientId: recipients[2].id })).recipient!.transferId;

    // the bank's business date reaches the transfer date: the file is executed, its signed results
    // go through the webhook service, A's share is captured, C's (name mismatch) released
    const moved = await bank.call('POST', '/control/date', { date: registered.transferDate });
    expect(moved.executed_files).toEqual([file.id]);
    await eventually(async () => (await transfers.getTransfer({ livemode: false, transferId: transfer.id })).transfer!.status === TransferStatus.TRANSFER_STATUS_SUCCEEDED, 20_000, 'transfer succeeded');
    await eventually(async () => (await transfers.getTransfer({ livemode: false, transferId: transferC })).transfer!.status === TransferStatus.TRANSFER_STATUS_FAILED, 20_000, 'transfer failed');
    expect((await transfers.getTransfer({ livemode: false, transferId: transferC })).transfer!.failureCode).toBe('name_mismatch');
    await eventually(async () => (await balance(merchantId)).held === 20_000, 20_000, 'hold captured and released');
    expect(await balance(merchantId)).toMatchObject({ total: 40_000, held: 20_000, available: 20_000 });
    // at the bank: A credited, C not
    const { accounts } = await bank.call('GET', '/control/accounts');
    const at = (n: string) => accounts.find((x: { bank_code: string; account_number: string }) => x.bank_code === '0001' && x.account_number === n)?.balance;
    expect([at('1234567'), at(accountC)]).toEqual([30_000, 0]);
    // a result sent again (a bank resending) changes nothing
    expect((await bankReport(transfer.id, 'succeeded', 30_000)).status).toBe(200);
    expect((await remittance.getRecipient({ scope, recipientId: a.id })).recipient!.status).toBe(RecipientStatus.RECIPIENT_STATUS_PAID);
    expect((await remittance.getRecipient({ scope, recipientId: recipients[2].id })).recipient!).toMatchObject({ status: RecipientStatus.RECIPIENT_STATUS_FAILED, failureCode: 'name_mismatch' });
    const { rows: billable } = await db.query(`SELECT count(*)::int AS n FROM remittance.outbox WHERE type = 'remittance.billable_item.recorded' AND aggregate_id IN (SELECT aggregate_id FROM remittance.outbox WHERE merchant_id = $1)`, [merchantId]);
    expect(billable[0].n).toBe(2);
    // the cause only (kind and transfer): the amount is the fees service's
    const { rows: causes } = await db.query(`SELECT envelope FROM remittance.outbox WHERE type = 'remittance.billable_item.recorded' AND merchant_id = $1`, [merchantId]);
    const decoded = causes.map((r) => remittanceEventsV1.BillableItemRecorded.decode(eventsV1.EventEnvelope.decode(r.envelope).payload));
    expect(decoded.map((b) => [b.kind, b.amount, Boolean(b.transferId)])).toEqual([['remittance_transfer', 0, true], ['remittance_transfer', 0, true]]);
    await eventually(async () => (await balance(merchantId)).total === 40_000, 5_000, 'nothing captured twice');

    // B never registers: at the deadline its share is released and the order closes
    const deadline = (await remittance.getOrder({ scope, orderId: order!.id })).order!.registrationDeadline;
    await ops('/test/clock', { to: new Date(Date.parse(`${deadline}T00:00:00+09:00`) + 86_400_000 + 3_600_000).toISOString() });
    await runJobNow('remittance.expire-recipients'); // (or the scheduler runs it: the clock moved)
    await eventually(async () => (await balance(merchantId)).held === 0, 20_000, 'share released');
    expect(await balance(merchantId)).toMatchObject({ total: 40_000, held: 0, available: 40_000 });
    const closed = (await remittance.getOrder({ scope, orderId: order!.id })).order!;
    expect(closed).toMatchObject({ status: OrderStatus.ORDER_STATUS_CLOSED, paidCount: 1, paidAmount: 30_000, expiredCount: 2 });

    // results export, and retention 10 years after closing (money kept)
    const exported = await remittance.exportResults({ scope, orderId: order!.id, format: remittanceV1.ExportFormat.EXPORT_FORMAT_CSV_UTF8 });
    expect(exported.content.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(exported.content.toString('utf8')).toContain('T-1,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,30000,paid');
    await ops('/test/clock', { to: new Date(closed.closedAt!.getTime() + 3653 * 86_400_000).toISOString() });
    await runJobNow('remittance.retention');
    const after = (await remittance.getRecipient({ scope, recipientId: a.id })).recipient!;
    expect(after).toMatchObject({ name: '', email: '', amount: 30_000, status: RecipientStatus.RECIPIENT_STATUS_PAID, personalDataDeleted: true });
    // the transfers keep the money record, not the account number or the holder's name
    const { rows: kept } = await db.query(`SELECT account, amount, status FROM remittance.transfers WHERE order_id = $1 ORDER BY amount DESC`, [order!.id]);
    expect(kept.map((t) => [t.account.bankCode, t.account.branchCode, t.account.accountNumber, t.account.holderKana, Number(t.amount), t.status])).toEqual([
      ['0001', '001', '', '', 30_000, 'succeeded'],
      ['0001', '001', '', '', 10_000, 'failed'],
    ]);
  });
});

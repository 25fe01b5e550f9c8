import { ledgerV1, remittanceV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { Client } from 'pg';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { gatewayAdminClient, newMerchant } from '../../../scripts/test/support/edge';
import { isolatedMesh, type IsolatedMesh } from '../../../scripts/test/support/isolated';
import { creditDeposit, fullService, mailMatching, mailsTo, opsOf, scopeOf, uid } from './support/remittance';

// The merchant's emails about an order (docs/reference/remittance.md#merchant-notices), through the
// gateway's contact addresses, the notification service and the run's mail sink. The remittance
// process is the test's own, so it can be killed between queuing the email and marking its event processed.
const ctx = testContext();
const { OrderStatus, OrderMode } = remittanceV1;
let iso: IsolatedMesh;
let admin: ReturnType<typeof gatewayAdminClient>;
let ledger: ReturnType<typeof connectClient<ledgerV1.LedgerServiceClient>>;
let remDb: Client;
let notificationDb: Client;

beforeAll(async () => {
  if (!ctx.mailSink) throw new Error('the test run has no mail sink (is maildev installed?)');
  iso = await isolatedMesh(['remittance']);
  admin = gatewayAdminClient();
  ledger = connectClient(ledgerV1.LedgerServiceClient, ctx.services.ledger.grpcAddr);
  remDb = new Client({ connectionString: iso.databaseUrl('remittance') });
  await remDb.connect();
  notificationDb = new Client({ connectionString: ctx.services.notification.databaseUrl });
  await notificationDb.connect();
}, 120_000);
afterAll(async () => {
  admin?.close();
  ledger?.close();
  await remDb?.end();
  await notificationDb?.end();
  await iso?.cleanup();
});

const env = () => ({ LEDGER_GRPC_ADDR: ctx.services.ledger.grpcAddr, NOTIFICATION_GRPC_ADDR: ctx.services.notification.grpcAddr, GATEWAY_GRPC_ADDR: ctx.services.gateway.grpcAddr, MERCHANT_API_URL: 'https://api.kessai.example' });
const processed = async (type: string): Promise<number> => (await remDb.query(`SELECT count(*)::int AS n FROM remittance.inbox WHERE type = $1`, [type])).rows[0].n;
const sendRequests = async (merchantId: string): Promise<string[]> =>
  (await notificationDb.query(`SELECT request_id FROM notification.messages WHERE merchant_id = $1 ORDER BY request_id`, [merchantId])).rows.map((r) => r.request_id as string);
const allSent = async (merchantId: string): Promise<boolean> =>
  (await notificationDb.query(`SELECT count(*)::int AS n FROM notification.messages WHERE merchant_id = $1 AND status <> 'sent'`, [merchantId])).rows[0].n === 0;

describe('the merchant’s emails about an order', () => {
  it('the shortfall to every contact address once, across a SIGKILL before its event is marked processed; the results when the order closes', async () => {
    const keiri = `keiri.${uid()}@example.jp`;
    const ops = `ops.${uid()}@example.jp`;
    const { merchant } = await newMerchant(admin, 'テスト興行株式会社', '', [keiri, ops]);
    const scope = scopeOf(merchant.id);

    // this process queues the emails, then dies before the inbox records the event
    const crashing = await iso.start('remittance', { ...env(), KESSAI_FAULT_REMITTANCE: 'after-notice' });
    await crashing.waitReady(60_000);
    let remittance = connectClient(remittanceV1.RemittanceServiceClient, iso.grpcAddr(crashing));
    const account = (n: string, kana: string) => ({ bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: n, holderKana: kana, japanPostKigou: '', japanPostBangou: '' });
    const { order } = await remittance.createOrder({
      scope, requestId: `req-${uid()}`, merchantName: merchant.name, guideText: '', reference: 'tour-1',
      settings: fullService({ purpose: 'ツアー中止の払戻し', mode: OrderMode.ORDER_MODE_TRANSFER_ONLY, channels: [] }),
    });
    await remittance.addRecipients({
      scope, requestId: `req-${uid()}`, orderId: order!.id, csv: Buffer.alloc(0), csvEncoding: 0,
      rows: [
        { name: '山田 太郎', nameKana: 'ヤマダ タロウ', amount: 20_000, email: '', phone: '', postalAddress: undefined, reference: 'A', account: account('1111111', 'ヤマダ タロウ') },
        { name: '鈴木 花子', nameKana: 'スズキ ハナコ', amount: 10_000, email: '', phone: '', postalAddress: undefined, reference: 'B', account: account('2222222', 'スズキ ハナコ') },
      ],
    });
    const approved = await remittance.approveOrder({ scope, requestId: `req-${uid()}`, orderId: order!.id });
    expect(approved.order).toMatchObject({ status: OrderStatus.ORDER_STATUS_WAITING_FOR_FUNDS, shortfallAmount: 30_000 });
    remittance.close();
    await eventually(async () => !crashing.running, 30_000, 'remittance killed after queuing the shortfall email');
    expect(await processed('remittance.order.waiting_for_funds')).toBe(0);
    expect(await sendRequests(merchant.id)).toHaveLength(2);

    // the killed process's job leases (5 minutes, database time) are taken as run out
    await remDb.query(`UPDATE remittance.scheduled_jobs SET locked_until = NULL`);
    // restarted: the event is delivered again and handled; the notification service sends nothing new
    const restarted = await iso.start('remittance', env());
    await restarted.waitReady(60_000);
    remittance = connectClient(remittanceV1.RemittanceServiceClient, iso.grpcAddr(restarted));
    try {
      await eventually(async () => (await processed('remittance.order.waiting_for_funds')) === 1, 30_000, 'the event processed after the restart');
      const shortfall = await mailMatching(keiri, /資金が不足/);
      expect(shortfall.subject).toBe('【Kessai】送金依頼の資金が不足しています（ツアー中止の払戻し）');
      expect(shortfall.text).toContain('テスト興行株式会社 ご担当者 様');
      expect(shortfall.text).toContain('不足額：30,000円');
      expect(shortfall.text).toContain(`https://api.kessai.example/v1/remittance_orders/${order!.id}`);
      await mailMatching(ops, /資金が不足/);
      const ids = await sendRequests(merchant.id);
      expect(ids).toHaveLength(2);
      expect(ids.every((id) => id.startsWith('remittance-notice:evt_'))).toBe(true);
      await eventually(() => allSent(merchant.id), 20_000, 'both emails sent');
      for (const address of [keiri, ops]) expect((await mailsTo(address)).map((m) => m.subject)).toEqual([shortfall.subject]);

      // funded by a deposit, then cancelled before any file: closed with nothing paid; the results once per address
      await creditDeposit(ledger, merchant.id, 30_000);
      await opsOf(iso.opsUrl(restarted)).runJobNow('remittance.fund-waiting');
      await eventually(async () => (await remittance.getOrder({ scope, orderId: order!.id })).order!.status === OrderStatus.ORDER_STATUS_FUNDED, 20_000, 'order funded');
      const cancelled = await remittance.cancelOrder({ scope, requestId: `req-${uid()}`, orderId: order!.id });
      expect(cancelled.order!.status).toBe(OrderStatus.ORDER_STATUS_CLOSED);
      const results = await mailMatching(keiri, /結果のお知らせ/);
      expect(results.text).toContain('お振込み済み：0件 0円');
      expect(results.text).toContain('未送金（残高へ返却）：2件 30,000円');
      expect(results.text).toContain(`https://api.kessai.example/v1/remittance_orders/${order!.id}/results`);
      await mailMatching(ops, /結果のお知らせ/);
      await eventually(async () => (await processed('remittance.order.closed')) === 1, 20_000, 'closed event processed');
      await eventually(() => allSent(merchant.id), 20_000, 'every email sent');
      expect(await sendRequests(merchant.id)).toHaveLength(4);
      for (const address of [keiri, ops]) expect((await mailsTo(address)).map((m) => m.subject).sort()).toEqual([results.subject, shortfall.subject].sort());
    } finally {
      remittance.close();
    }
  }, 180_000);
});

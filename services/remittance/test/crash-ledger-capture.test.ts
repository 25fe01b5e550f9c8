import { ledgerV1, remittanceV1 } from '@kessai/contracts';
import { connectClient, signatureHeader } from '@kessai/platform';
import { Client } from 'pg';
import { freePort } from '../../../scripts/src/lib/infra';
import { SIMBANK_SECRET } from '../../../scripts/test/support/bank';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { isolatedMesh, type IsolatedMesh } from '../../../scripts/test/support/isolated';
import { balanceOf, creditDeposit, fullService, opsOf, scopeOf, uid } from './support/remittance';

// SIGKILL of the ledger during a remittance capture (docs/reference/remittance.md#earmarks): the bank
// reports a transfer succeeded, remittance asks the ledger to capture that share of the order's hold,
// the ledger commits the capture and dies before answering. Remittance keeps the call queued under its
// key; the restarted ledger replays it. The money moves once, and no hold is lost.
const ctx = testContext();
const { OrderStatus, OrderMode, RecipientStatus, TransferStatus } = remittanceV1;
let iso: IsolatedMesh;
let ledgerPort = 0;
let webhookUrl = '';
let remDb: Client;
let ledgerDb: Client;

beforeAll(async () => {
  iso = await isolatedMesh(['ledger', 'remittance', 'webhook']);
  remDb = new Client({ connectionString: iso.databaseUrl('remittance') });
  await remDb.connect();
  ledgerDb = new Client({ connectionString: iso.databaseUrl('ledger') });
  await ledgerDb.connect();
}, 120_000);
afterAll(async () => {
  await remDb?.end();
  await ledgerDb?.end();
  await iso?.cleanup();
});

/** Ready, or the reason it is not (its last lines). */
async function ready(proc: Awaited<ReturnType<IsolatedMesh['start']>>): Promise<void> {
  await proc.waitReady(90_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${proc.lastLines(30).join('\n')}`);
  });
}

/** The ledger on one fixed gRPC port, so remittance reaches the restarted process at the same address. */
async function startLedger(env: Record<string, string> = {}) {
  const proc = await iso.start('ledger', { GRPC_PORT: String(ledgerPort), ...env });
  await ready(proc);
  return proc;
}

function bankReport(transferId: string, result: 'succeeded' | 'failed', amount: number, failure?: string) {
  const body = JSON.stringify({ id: `evt_${uid()}`, type: 'transfer.result', transfer_id: transferId, result, ...(failure ? { failure_code: failure } : {}), amount, executed_on: '2026-01-05' });
  return fetch(`${webhookUrl}/v1/partners/simbank/bank/transfers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMBANK_SECRET, body, Date.now()) },
    body,
  });
}

const ledgerOp = async (key: string) => (await remDb.query(`SELECT status, attempts, last_error FROM remittance.ledger_ops WHERE idempotency_key = $1`, [key])).rows[0] as { status: string; attempts: number; last_error: string | null } | undefined;

describe('SIGKILL of the ledger during a remittance capture', () => {
  it('the capture the ledger committed before dying is replayed, not repeated: captured once, the rest released, balances right to the yen', async () => {
    ledgerPort = await freePort();
    const ledgerAddr = `127.0.0.1:${ledgerPort}`;
    const crashing = await startLedger({ KESSAI_FAULT_LEDGER: 'after-capture-commit' });
    const webhookPort = await freePort();
    const webhook = await iso.start('webhook', { HTTP_PORT: String(webhookPort) });
    await ready(webhook);
    webhookUrl = `http://127.0.0.1:${webhookPort}`;
    const rem = await iso.start('remittance', { LEDGER_GRPC_ADDR: ledgerAddr, NOTIFICATION_GRPC_ADDR: ctx.services.notification.grpcAddr, GATEWAY_GRPC_ADDR: ctx.services.gateway.grpcAddr });
    await ready(rem);
    const ops = opsOf(iso.opsUrl(rem));
    const remittance = connectClient(remittanceV1.RemittanceServiceClient, iso.grpcAddr(rem));
    const transfers = connectClient(remittanceV1.TransferServiceClient, iso.grpcAddr(rem));
    const ledger = connectClient(ledgerV1.LedgerServiceClient, ledgerAddr);
    try {
      const merchantId = `mer_${uid()}`;
      const scope = scopeOf(merchantId);
      const account = (n: string, kana: string) => ({ bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: n, holderKana: kana, japanPostKigou: '', japanPostBangou: '' });
      await creditDeposit(ledger, merchantId, 10_000);
      const { order } = await remittance.createOrder({ scope, requestId: `req-${uid()}`, merchantName: 'テスト', guideText: '', reference: '', settings: fullService({ mode: OrderMode.ORDER_MODE_TRANSFER_ONLY, channels: [] }) });
      await remittance.addRecipients({
        scope, requestId: `req-${uid()}`, orderId: order!.id, csv: Buffer.alloc(0), csvEncoding: 0,
        rows: [
          { name: '山田 太郎', nameKana: 'ヤマダ タロウ', amount: 7_000, email: '', phone: '', postalAddress: undefined, reference: 'A', account: account('1111111', 'ヤマダ タロウ') },
          { name: '鈴木 花子', nameKana: 'スズキ ハナコ', amount: 3_000, email: '', phone: '', postalAddress: undefined, reference: 'B', account: account('2222222', 'スズキ ハナコ') },
        ],
      });
      const approved = await remittance.approveOrder({ scope, requestId: `req-${uid()}`, orderId: order!.id });
      expect(approved.order!.status).toBe(OrderStatus.ORDER_STATUS_FUNDED);
      const holdId = approved.order!.holdId;
      expect(await balanceOf(ledger, merchantId)).toMatchObject({ total: 10_000, held: 10_000, available: 0 });

      // the day's file is built at its cut-off (no bank configured: it waits in `uploading`, its transfers in the file)
      const { recipients } = await remittance.listRecipients({ scope, orderId: order!.id, status: 0, pageSize: 0, startingAfter: '' });
      const [a, b] = recipients.map((r) => r.transferId);
      const date = (await transfers.getTransfer({ livemode: false, transferId: a })).transfer!.executionDate;
      await ops.moveClock(new Date(Date.parse(`${date}T00:00:00+09:00`) - 9 * 3_600_000));
      await ops.runJobNow('remittance.build-files');
      for (const id of [a, b]) expect((await transfers.getTransfer({ livemode: false, transferId: id })).transfer!.status).toBe(TransferStatus.TRANSFER_STATUS_IN_FILE);

      // A succeeded: remittance asks for the capture; the ledger commits it and dies before answering
      expect((await bankReport(a, 'succeeded', 7_000)).status).toBe(200);
      const exit = await crashing.waitExit();
      expect(exit.signal).toBe('SIGKILL');
      await eventually(async () => ((await ledgerOp(`transfer:${a}:capture`))?.attempts ?? 0) >= 1, 30_000, 'remittance saw the capture fail');
      expect(await ledgerOp(`transfer:${a}:capture`)).toMatchObject({ status: 'pending' });
      const committed = await ledgerDb.query(`SELECT kind, amount::int AS amount FROM ledger.hold_movements WHERE hold_id = $1 AND kind <> 'created' ORDER BY id`, [holdId]);
      expect(committed.rows).toEqual([{ kind: 'captured', amount: 7_000 }]);

      // restarted on the same address: remittance's retry (same key) is answered from the ledger's record
      // (once its channel reconnects: gRPC's reconnect backoff grows while the ledger is down)
      await startLedger();
      await eventually(async () => (await ledgerOp(`transfer:${a}:capture`))?.status === 'done', 90_000, 'the capture answered after the restart');
      // B failed: its share is released
      expect((await bankReport(b, 'failed', 3_000, 'account_closed')).status).toBe(200);
      await eventually(async () => (await ledgerOp(`transfer:${b}:release`))?.status === 'done', 30_000, 'the release made');

      const hold = (await ledger.getHold({ livemode: false, holdId })).hold!;
      expect(hold).toMatchObject({ amount: 10_000, capturedAmount: 7_000, releasedAmount: 3_000, remainingAmount: 0 });
      const movements = await ledgerDb.query(`SELECT kind, amount::int AS amount FROM ledger.hold_movements WHERE hold_id = $1 AND kind <> 'created' ORDER BY id`, [holdId]);
      expect(movements.rows).toEqual([{ kind: 'captured', amount: 7_000 }, { kind: 'released', amount: 3_000 }]);
      const captures = await ledgerDb.query(`SELECT count(*)::int AS n FROM ledger.transactions WHERE kind = 'hold.capture' AND merchant_id = $1`, [merchantId]);
      expect(captures.rows[0].n).toBe(1);
      expect(await balanceOf(ledger, merchantId)).toMatchObject({ total: 3_000, held: 0, available: 3_000 });
      const byStatus = (await remittance.listRecipients({ scope, orderId: order!.id, status: 0, pageSize: 0, startingAfter: '' })).recipients.map((r) => r.status);
      expect(byStatus).toEqual([RecipientStatus.RECIPIENT_STATUS_PAID, RecipientStatus.RECIPIENT_STATUS_FAILED]);
    } finally {
      remittance.close();
      transfers.close();
      ledger.close();
    }
  }, 300_000);
});

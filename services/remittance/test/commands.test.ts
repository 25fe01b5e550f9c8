import { ledgerV1, remittanceV1, webhookV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { startReceiver } from '../../../scripts/test/support/receiver';
import { rejection } from '../../../scripts/test/support/errors';
import { balanceOf, creditDeposit, fullService, scopeOf, uid } from './support/remittance';

const ctx = testContext();
let remittance: ReturnType<typeof connectClient<remittanceV1.RemittanceServiceClient>>;
let transfers: ReturnType<typeof connectClient<remittanceV1.TransferServiceClient>>;
beforeAll(() => {
  remittance = connectClient(remittanceV1.RemittanceServiceClient, ctx.services.remittance.grpcAddr);
  transfers = connectClient(remittanceV1.TransferServiceClient, ctx.services.remittance.grpcAddr);
});
afterAll(() => {
  remittance.close();
  transfers.close();
});

const row = (over: Partial<remittanceV1.RecipientInput> = {}): remittanceV1.RecipientInput => ({
  name: '山田 太郎', nameKana: 'ヤマダ タロウ', amount: 1_000, email: `r.${uid()}@example.jp`, phone: '', postalAddress: undefined, reference: '', account: undefined, ...over,
});

describe('commands are idempotent by their key (replay, conflict)', () => {
  it('CreateOrder: the same key and request replays the same order; the key with another request is refused', async () => {
    const scope = scopeOf(`mer_${uid()}`);
    const req = { scope, requestId: `req-${uid()}`, merchantName: 'テスト株式会社', guideText: 'ご案内', reference: 'o-1', settings: fullService() };
    const first = await remittance.createOrder(req);
    expect(first.replayed).toBe(false);
    const again = await remittance.createOrder(req);
    expect(again).toMatchObject({ replayed: true, order: { id: first.order!.id } });
    const other = await rejection(remittance.createOrder({ ...req, reference: 'o-2' }));
    expect(other.code).toBe('idempotency_key_reused');
    const { orders } = await remittance.listOrders({ scope, status: 0, pageSize: 0, startingAfter: '' });
    expect(orders.map((o) => o.id)).toEqual([first.order!.id]);
  });

  it('AddRecipients: the same key and rows replays without adding twice; other rows under the key are refused', async () => {
    const scope = scopeOf(`mer_${uid()}`);
    const { order } = await remittance.createOrder({ scope, requestId: `req-${uid()}`, merchantName: 'テスト', guideText: '', reference: '', settings: fullService() });
    const req = { scope, requestId: `req-${uid()}`, orderId: order!.id, rows: [row(), row({ amount: 2_000 })], csv: Buffer.alloc(0), csvEncoding: 0 };
    const first = await remittance.addRecipients(req);
    expect(first).toMatchObject({ added: 2, replayed: false, order: { recipientCount: 2, totalAmount: 3_000 } });
    const again = await remittance.addRecipients(req);
    expect(again).toMatchObject({ added: 2, replayed: true });
    expect((await remittance.getOrder({ scope, orderId: order!.id })).order).toMatchObject({ recipientCount: 2, totalAmount: 3_000 });
    const other = await rejection(remittance.addRecipients({ ...req, rows: [row({ amount: 5_000 })] }));
    expect(other.code).toBe('idempotency_key_reused');
    expect((await remittance.getOrder({ scope, orderId: order!.id })).order).toMatchObject({ recipientCount: 2, totalAmount: 3_000 });
  });

  it('SubmitTransfer: the same key and transfer replays it; another amount under the key is refused', async () => {
    const merchantId = `mer_${uid()}`;
    const req = {
      idempotencyKey: `pay-${uid()}`, livemode: false, merchantId, purpose: remittanceV1.TransferPurpose.TRANSFER_PURPOSE_PAYOUT,
      account: { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '7654321', holderKana: 'カ)テスト', japanPostKigou: '', japanPostBangou: '' },
      amount: 12_345, executionDate: '', reference: 'payout-1',
    };
    const first = await transfers.submitTransfer(req);
    expect(first).toMatchObject({ replayed: false, transfer: { amount: 12_345, status: remittanceV1.TransferStatus.TRANSFER_STATUS_SCHEDULED } });
    const again = await transfers.submitTransfer(req);
    expect(again).toMatchObject({ replayed: true, transfer: { id: first.transfer!.id } });
    const other = await rejection(transfers.submitTransfer({ ...req, amount: 12_346 }));
    expect(other.code).toBe('idempotency_key_reused');
    // the key is the merchant's: another merchant's same key is a transfer of its own
    const theirs = await transfers.submitTransfer({ ...req, merchantId: `mer_${uid()}` });
    expect(theirs.transfer!.id).not.toBe(first.transfer!.id);
  });
});

describe('public webhooks', () => {
  it('a merchant endpoint receives remittance_order.waiting_for_funds with the shortfall', async () => {
    const merchantId = `mer_${uid()}`;
    const scope = scopeOf(merchantId);
    const receiver = await startReceiver();
    const endpoints = connectClient(webhookV1.EndpointServiceClient, ctx.services.webhook.grpcAddr);
    try {
      await endpoints.createEndpoint({ idempotencyKey: '', merchantId, livemode: false, url: receiver.url, enabledEvents: ['*'], description: '' });
      const { order } = await remittance.createOrder({ scope, requestId: `req-${uid()}`, merchantName: 'テスト', guideText: '', reference: 'wh-1', settings: fullService() });
      await remittance.addRecipients({ scope, requestId: `req-${uid()}`, orderId: order!.id, rows: [row({ amount: 4_321 })], csv: Buffer.alloc(0), csvEncoding: 0 });
      await remittance.approveOrder({ scope, requestId: `req-${uid()}`, orderId: order!.id });
      const waiting = () => receiver.received.map((r) => JSON.parse(r.body)).find((e) => e.type === 'remittance_order.waiting_for_funds');
      await eventually(async () => Boolean(waiting()), 20_000, 'the webhook delivered');
      expect(waiting().data.object).toMatchObject({ object: 'remittance_order', id: order!.id, shortfall_amount: 4_321, reference: 'wh-1' });
    } finally {
      endpoints.close();
      await receiver.close();
    }
  });
});

describe('cancelling an order', () => {
  it('cancels the transfers not yet in a file and releases their share of the hold', async () => {
    const merchantId = `mer_${uid()}`;
    const scope = scopeOf(merchantId);
    const ledger = connectClient(ledgerV1.LedgerServiceClient, ctx.services.ledger.grpcAddr);
    try {
      const account = (n: string, kana: string) => ({ bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: n, holderKana: kana, japanPostKigou: '', japanPostBangou: '' });
      const { order } = await remittance.createOrder({ scope, requestId: `req-${uid()}`, merchantName: 'テスト', guideText: '', reference: '', settings: fullService({ mode: remittanceV1.OrderMode.ORDER_MODE_TRANSFER_ONLY, channels: [] }) });
      await remittance.addRecipients({
        scope, requestId: `req-${uid()}`, orderId: order!.id, csv: Buffer.alloc(0), csvEncoding: 0,
        rows: [row({ amount: 7_000, account: account('1111111', 'ヤマダ タロウ') }), row({ name: '鈴木 花子', nameKana: 'スズキ ハナコ', amount: 3_000, account: account('2222222', 'スズキ ハナコ') })],
      });
      await creditDeposit(ledger, merchantId, 10_000);
      expect((await remittance.approveOrder({ scope, requestId: `req-${uid()}`, orderId: order!.id })).order!.status).toBe(remittanceV1.OrderStatus.ORDER_STATUS_FUNDED);
      await eventually(async () => (await balanceOf(ledger, merchantId)).held === 10_000, 20_000, 'earmarked');
      const { recipients } = await remittance.listRecipients({ scope, orderId: order!.id, status: 0, pageSize: 0, startingAfter: '' });
      expect(recipients.map((r) => r.status)).toEqual([remittanceV1.RecipientStatus.RECIPIENT_STATUS_SCHEDULED, remittanceV1.RecipientStatus.RECIPIENT_STATUS_SCHEDULED]);
      const transferIds = recipients.map((r) => r.transferId);

      const cancelled = await remittance.cancelOrder({ scope, requestId: `req-${uid()}`, orderId: order!.id });
      expect(cancelled.order!.status).toBe(remittanceV1.OrderStatus.ORDER_STATUS_CLOSED);
      for (const id of transferIds) expect((await transfers.getTransfer({ livemode: false, transferId: id })).transfer).toMatchObject({ status: remittanceV1.TransferStatus.TRANSFER_STATUS_FAILED, failureCode: 'cancelled' });
      await eventually(async () => (await balanceOf(ledger, merchantId)).held === 0, 20_000, 'shares released');
      expect(await balanceOf(ledger, merchantId)).toMatchObject({ total: 10_000, held: 0, available: 10_000 });
    } finally {
      ledger.close();
    }
  });
});

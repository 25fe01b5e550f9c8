import { ledgerV1, remittanceV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { balanceOf, creditDeposit, fullService, linkAndCode, mailTo, opsOf, scopeOf, uid } from './support/remittance';

const ctx = testContext();
const { RecipientStatus, TransferStatus } = remittanceV1;

describe('a possible split at registration', () => {
  it('two recipients registering one account above the cap: both are held for review, the first one’s transfer withdrawn, the earmark kept', async () => {
    const remittance = connectClient(remittanceV1.RemittanceServiceClient, ctx.services.remittance.grpcAddr);
    const transfers = connectClient(remittanceV1.TransferServiceClient, ctx.services.remittance.grpcAddr);
    const ledger = connectClient(ledgerV1.LedgerServiceClient, ctx.services.ledger.grpcAddr);
    try {
      const merchantId = `mer_${uid()}`;
      const scope = scopeOf(merchantId);
      const { order } = await remittance.createOrder({ scope, requestId: `req-${uid()}`, merchantName: 'テスト', guideText: '', reference: '', settings: fullService() });
      const emails = [`s1.${uid()}@example.jp`, `s2.${uid()}@example.jp`];
      await remittance.addRecipients({
        scope, requestId: `req-${uid()}`, orderId: order!.id, csv: Buffer.alloc(0), csvEncoding: 0,
        rows: [
          { name: '山田 太郎', nameKana: 'ヤマダ タロウ', amount: 600_000, email: emails[0], phone: '', postalAddress: undefined, reference: '', account: undefined },
          { name: '山田 花子', nameKana: 'ヤマダ ハナコ', amount: 600_000, email: emails[1], phone: '', postalAddress: undefined, reference: '', account: undefined },
        ],
      });
      await creditDeposit(ledger, merchantId, 1_200_000);
      await remittance.approveOrder({ scope, requestId: `req-${uid()}`, orderId: order!.id });
      await opsOf(ctx.services.remittance.opsUrl).runJobNow('remittance.outreach');
      const account = { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '3333333', holderKana: 'ヤマダ タロウ', japanPostKigou: '', japanPostBangou: '' };
      const register = async (email: string) => {
        const { token, code } = linkAndCode(await mailTo(email));
        const v = await remittance.verifyCode({ token, code, clientAddress: `192.0.2.${uid()}` });
        return remittance.registerAccount({ sessionId: v.sessionId, account });
      };
      expect((await register(emails[0])).status).toBe(RecipientStatus.RECIPIENT_STATUS_SCHEDULED);
      const { recipients: [first] } = await remittance.listRecipients({ scope, orderId: order!.id, status: 0, pageSize: 0, startingAfter: '' });
      const firstTransfer = first.transferId;
      expect(firstTransfer).not.toBe('');
      expect((await register(emails[1])).status).toBe(RecipientStatus.RECIPIENT_STATUS_HELD_FOR_REVIEW);
      const { recipients } = await remittance.listRecipients({ scope, orderId: order!.id, status: 0, pageSize: 0, startingAfter: '' });
      expect(recipients.map((r) => r.status)).toEqual([RecipientStatus.RECIPIENT_STATUS_HELD_FOR_REVIEW, RecipientStatus.RECIPIENT_STATUS_HELD_FOR_REVIEW]);
      expect((await transfers.getTransfer({ livemode: false, transferId: firstTransfer })).transfer).toMatchObject({ status: TransferStatus.TRANSFER_STATUS_FAILED, failureCode: 'held_for_review' });
      await eventually(async () => (await balanceOf(ledger, merchantId)).held === 1_200_000, 10_000, 'earmark kept');
    } finally {
      remittance.close();
      transfers.close();
      ledger.close();
    }
  });
});

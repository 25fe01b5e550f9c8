import { Client } from 'pg';
import { remittanceV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { startBankSimulator, type RunningBank } from '../../../scripts/test/support/bank';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { isolatedMesh, type IsolatedMesh } from '../../../scripts/test/support/isolated';
import { opsOf, uid } from './support/remittance';

const ctx = testContext();
let iso: IsolatedMesh;
let bank: RunningBank;

beforeAll(async () => {
  iso = await isolatedMesh(['remittance']);
  bank = await startBankSimulator();
}, 120_000);
afterAll(async () => {
  await bank?.stop();
  await iso?.cleanup();
});

describe('SIGKILL of remittance between a file’s upload and its acknowledgement', () => {
  it('the file is uploaded again under the same id after the restart, and the bank executes it once', async () => {
    const env = { LEDGER_GRPC_ADDR: ctx.services.ledger.grpcAddr, NOTIFICATION_GRPC_ADDR: ctx.services.notification.grpcAddr, PARTNER_BANK_URL: bank.url, PARTNER_BANK_SECRET: 'whsec_simbank_development_only' };
    const crashing = await iso.start('remittance', { ...env, KESSAI_FAULT_REMITTANCE: 'after-upload' });
    await crashing.waitReady(60_000);
    const number = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    await bank.call('PUT', `/control/accounts/0001/001/${number}`, { account_type: '1', holder_name_kana: 'カ)テスト', state: 'open', balance: 0 });
    const transfers = connectClient(remittanceV1.TransferServiceClient, iso.grpcAddr(crashing));
    const { transfer } = await transfers.submitTransfer({
      idempotencyKey: `pay-${uid()}`, livemode: false, merchantId: `mer_${uid()}`, purpose: remittanceV1.TransferPurpose.TRANSFER_PURPOSE_PAYOUT,
      account: { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: number, holderKana: 'カ)テスト', japanPostKigou: '', japanPostBangou: '' },
      amount: 54_321, executionDate: '', reference: 'payout',
    });
    transfers.close();
    const date = transfer!.executionDate;
    const ops = opsOf(iso.opsUrl(crashing));
    await ops.moveClock(new Date(Date.parse(`${date}T00:00:00+09:00`) - 9 * 3_600_000));
    await ops.runJobNow('remittance.build-files');
    const db = new Client({ connectionString: iso.databaseUrl('remittance') });
    await db.connect();
    try {
      const fileId = (await db.query(`SELECT file_id FROM remittance.transfers WHERE id = $1`, [transfer!.id])).rows[0].file_id as string;
      expect(fileId).toMatch(/^tfl_/);
      // the upload job: the bank accepts the file, the process dies before recording it
      await ops.runJob('remittance.upload-files').catch(() => undefined);
      await eventually(async () => !crashing.running, 20_000, 'remittance killed');
      expect((await db.query(`SELECT status FROM remittance.transfer_files WHERE id = $1`, [fileId])).rows[0].status).toBe('uploading');

      // restarted (its jobs every second): the upload job picks the file up again by itself
      const restarted = await iso.start('remittance', { ...env, REMITTANCE_JOB_INTERVAL_MS: '1000' });
      await restarted.waitReady(60_000);
      // the killed process's lease on the job (5 minutes, database time) is taken as run out
      await db.query(`UPDATE remittance.scheduled_jobs SET locked_until = NULL WHERE name = 'remittance.upload-files'`);
      await eventually(async () => (await db.query(`SELECT status FROM remittance.transfer_files WHERE id = $1`, [fileId])).rows[0].status === 'sent', 20_000, 'file sent').catch(async (err) => {
        throw new Error(`${String(err)}: ${JSON.stringify((await db.query(`SELECT * FROM remittance.transfer_files WHERE id = $1`, [fileId])).rows[0], (k, v) => (k === 'content' ? undefined : v))}; ${restarted.lastLines(20).join('\n')}`);
      });
      expect((await db.query(`SELECT upload_attempts FROM remittance.transfer_files WHERE id = $1`, [fileId])).rows[0].upload_attempts).toBeGreaterThanOrEqual(2);

      const moved = await bank.call('POST', '/control/date', { date });
      expect(moved.executed_files).toEqual([fileId]);
      const { accounts } = await bank.call('GET', '/control/accounts');
      expect(accounts.find((a: { account_number: string }) => a.account_number === number).balance).toBe(54_321);
    } finally {
      await db.end();
    }
  });
});

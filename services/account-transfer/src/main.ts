import './instrument';
import os from 'node:os';
import { accountTransferV1, notificationV1 } from '@kessai/contracts';
import { ConfigError, MerchantMailer, MESH, ServiceKit, every } from '@kessai/platform';
import { BatchWorker } from './app/batch-worker';
import type { AccountTransferDeps } from './app/deps';
import { eraseExpiredCustomers } from './app/erase-expired-customers';
import { accountTransferMetrics } from './app/metrics';
import { morningMandateRun } from './app/morning-mandate-run';
import { runDebitFiles } from './app/run-debit-files';
import { settleUnsettledDebits } from './app/settle-debits';
import { PartnerBankDebits } from './clients/partner-bank';
import { NotificationMerchantMailer } from './clients/merchant-mailer';
import { accountTransferConfig } from './config';
import { ACCOUNT_TRANSFER_MIGRATIONS } from './db/migrations';
import { onBankDebitReported, onBankMandatesReported } from './events/partner-reports';
import { accountTransferHandlers } from './grpc/account-transfer-handlers';
import { nextTokyoMorning } from './domain/schedule';

async function main(): Promise<void> {
  const config = accountTransferConfig();
  const kit = new ServiceKit({ service: MESH['account-transfer'], config, migrations: ACCOUNT_TRANSFER_MIGRATIONS });
  const deps: AccountTransferDeps = {
    dataSource: kit.dataSource,
    clock: kit.clock,
    outbox: kit.outbox,
    logger: kit.logger,
    idempotency: kit.idempotency,
    metrics: accountTransferMetrics(kit.metrics),
    eventsCommitted: () => kit.eventsCommitted(),
    bank: new PartnerBankDebits([
      { partner: config.PARTNER_BANK_NAME, baseUrl: config.PARTNER_BANK_URL, secret: config.PARTNER_BANK_SECRET, timeoutMs: config.PARTNER_BANK_TIMEOUT_MS, retryDelaysMs: config.PARTNER_BANK_RETRY_DELAYS_MS },
    ]),
    mailer: new NotificationMerchantMailer(new MerchantMailer(kit.client(notificationV1.NotificationServiceClient)), config.MERCHANT_API_URL),
    settings: { owner: `${os.hostname()}:${process.pid}`, batchRatePerSecond: config.DEBIT_BATCH_RATE_PER_S, claimTtlMs: config.DEBIT_CLAIM_TTL_MS },
  };
  const worker = new BatchWorker(deps);

  kit.addGrpcService(accountTransferV1.AccountTransferServiceService, accountTransferHandlers(deps, worker));
  kit.consume('webhook.bank_mandates.reported', ({ envelope }, tx) => onBankMandatesReported(deps, envelope, tx));
  kit.consume('webhook.bank_debit.reported', ({ envelope }, tx) => onBankDebitReported(deps, envelope, tx));
  // every replica works bulk items (claims keep them apart); the job is a safety net
  kit.addJob({ name: 'account-transfer.batch-items', next: every(5_000), run: async () => ({ worked: await worker.runUntilIdle() }) });
  kit.addJob({ name: 'account-transfer.debit-files', next: every(60_000), run: () => runDebitFiles(deps) });
  kit.addJob({ name: 'account-transfer.settle-debits', next: every(60_000), run: () => settleUnsettledDebits(deps) });
  kit.addJob({ name: 'account-transfer.morning-mandates', next: nextTokyoMorning, run: () => morningMandateRun(deps) });
  kit.addJob({ name: 'account-transfer.retention', next: nextTokyoMorning, run: () => eraseExpiredCustomers(deps) });
  kit.onShutdown(async () => worker.stop());
  await kit.start();
  worker.kick();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`account-transfer: ${err.message}`);
  else console.error('account-transfer failed to start:', err);
  process.exit(1);
});

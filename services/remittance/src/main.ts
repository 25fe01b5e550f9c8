import './instrument';
import { gatewayV1, ledgerV1, notificationV1, remittanceV1 } from '@kessai/contracts';
import { ConfigError, MerchantMailer, MESH, ServiceKit, every } from '@kessai/platform';
import { toBankKana } from '@kessai/zengin';
import { buildFiles } from './app/build-files';
import { installBankData } from './bank-data';
import type { RemittanceDeps } from './app/deps';
import { expireRecipients } from './app/expire-recipients';
import { fundWaiting } from './app/fund-orders';
import { remittanceMetrics } from './app/metrics';
import { purgePersonalData } from './app/purge-personal-data';
import { runLedgerOps } from './app/run-ledger-ops';
import { runOutreach } from './app/run-outreach';
import { uploadFiles } from './app/upload-files';
import { partnerBank } from './clients/partner-bank';
import { remittanceConfig } from './config';
import { REMITTANCE_MIGRATIONS } from './db/migrations';
import { creditedDeposit, creditedDeposits, depositPosted, depositsPosted, orderNotice, reversalReported, transferReported } from './events/consumers';
import { remittanceHandlers } from './grpc/remittance-handlers';
import { transferHandlers } from './grpc/transfer-handlers';
import { remittanceReconciliationHandlers } from './grpc/reconciliation-handlers';

async function main(): Promise<void> {
  const config = remittanceConfig();
  const kit = new ServiceKit({ service: MESH.remittance, config, migrations: REMITTANCE_MIGRATIONS });
  installBankData(config.BANK_DATA_OVERRIDE_FILE, kit.logger);
  const [hour, minute] = config.REMITTANCE_FILE_CUTOFF.split(':').map(Number);
  let ledgerOpsRunning: Promise<unknown> | undefined;
  const notification = kit.client(notificationV1.NotificationServiceClient);
  const deps: RemittanceDeps = {
    dataSource: kit.dataSource,
    clock: kit.clock,
    logger: kit.logger,
    outbox: kit.outbox,
    idempotency: kit.idempotency,
    eventsCommitted: () => kit.eventsCommitted(),
    ledger: kit.client(ledgerV1.LedgerServiceClient),
    notification,
    mailer: new MerchantMailer(notification, kit.client(gatewayV1.MerchantServiceClient)),
    bank: partnerBank(config),
    settings: {
      cutoff: { hour, minute },
      registrationBaseUrl: config.REMITTANCE_REGISTRATION_BASE_URL,
      merchantApiUrl: config.MERCHANT_API_URL,
      fault: config.KESSAI_ENV === 'test' ? config.KESSAI_FAULT_REMITTANCE : undefined,
      sourceAccount: {
        key: `${config.REMITTANCE_SOURCE_BANK_CODE}-${config.REMITTANCE_SOURCE_BRANCH_CODE}-${config.REMITTANCE_SOURCE_ACCOUNT_NUMBER}`,
        requesterCode: config.REMITTANCE_REQUESTER_CODE,
        requesterName: toBankKana(config.REMITTANCE_REQUESTER_NAME, { maxLength: 40 }),
        bankCode: config.REMITTANCE_SOURCE_BANK_CODE,
        branchCode: config.REMITTANCE_SOURCE_BRANCH_CODE,
        accountType: config.REMITTANCE_SOURCE_ACCOUNT_TYPE,
        accountNumber: config.REMITTANCE_SOURCE_ACCOUNT_NUMBER,
      },
    },
    metrics: remittanceMetrics(kit.metrics),
    kickLedgerOps: () => {
      ledgerOpsRunning ??= new Promise((r) => setTimeout(r, 50))
        .then(() => runLedgerOps(deps))
        .catch((err: unknown) => kit.logger.warn({ err: String(err) }, 'ledger ops run failed'))
        .finally(() => (ledgerOpsRunning = undefined));
    },
  };

  kit.addGrpcService(remittanceV1.RemittanceServiceService, remittanceHandlers(deps));
  kit.addGrpcService(remittanceV1.TransferServiceService, transferHandlers(deps));
  kit.addGrpcService(remittanceV1.RemittanceReconciliationServiceService, remittanceReconciliationHandlers(deps));
  kit.consume('webhook.bank_transfer.reported', transferReported(deps));
  kit.consume('webhook.bank_reversal.reported', reversalReported(deps));
  // the merchant's emails: this service's own order events, through the inbox (one email per event and address)
  kit.consume('remittance.order.waiting_for_funds', orderNotice(deps));
  kit.consume('remittance.order.closed', orderNotice(deps));
  kit.consume('ledger.transaction.posted', depositPosted(deps), { relevant: (e) => creditedDeposit(e) !== undefined });
  kit.consume('ledger.transactions.posted', depositsPosted(deps), { relevant: (e) => creditedDeposits(e).length > 0 });
  const interval = config.REMITTANCE_JOB_INTERVAL_MS;
  kit.addJob({ name: 'remittance.fund-waiting', next: every(interval), run: () => fundWaiting(deps) });
  kit.addJob({ name: 'remittance.outreach', next: every(interval), run: () => runOutreach(deps) });
  kit.addJob({ name: 'remittance.build-files', next: every(interval), run: () => buildFiles(deps) });
  kit.addJob({ name: 'remittance.upload-files', next: every(interval), run: () => uploadFiles(deps) });
  kit.addJob({ name: 'remittance.ledger-ops', next: every(5_000), run: () => runLedgerOps(deps) });
  kit.addJob({ name: 'remittance.expire-recipients', next: every(3_600_000), run: () => expireRecipients(deps) });
  kit.addJob({ name: 'remittance.retention', next: every(86_400_000), run: () => purgePersonalData(deps) });
  await kit.start();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`remittance: ${err.message}`);
  else console.error('remittance failed to start:', err);
  process.exit(1);
});

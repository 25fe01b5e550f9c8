import { connect, type NatsConnection } from '@nats-io/transport-node';
import { feesV1, remittanceV1 } from '@kessai/contracts';
import { connectClient, type ConnectedClient } from '@kessai/platform';
import { freePort } from '../../src/lib/infra';
import { eventually, ledgerClient, type LedgerClient } from './clients';
import { runJob as runJobAt, testClock, type OpsUrls } from './clock';
import { RunningBank, SIMBANK_SECRET, startBankSimulator } from './bank';
import { gatewayAdminClient } from './edge';
import { isolatedMesh, type IsolatedMesh } from './isolated';
import { notificationTestEnv } from './mail-sink';
import { testContext } from './context';
import { explainConsumer } from './consumers';
import { publishEvents, type TestEvent } from './events';

/**
 * A whole mesh of the test file's own — its database, subjects, bank simulator
 * and test clocks — for tests that move days or years: the run's shared clocks
 * and the shared bank's date are moved by other files meanwhile (a file date
 * they passed is refused by the bank, or never executed), so days these tests
 * live through must be theirs alone; and a test that moves a shared clock past
 * a deadline or a retention period expires or erases what other files are in
 * the middle of.
 */
export const OWN_MESH_SERVICES = ['gateway', 'ledger', 'billing', 'remittance', 'notification', 'fees', 'webhook'] as const;
type Name = (typeof OWN_MESH_SERVICES)[number];

export interface OwnMesh {
  mesh: IsolatedMesh;
  bank: RunningBank;
  /** the gateway's public REST URL */
  http: string;
  /** the webhook service's public URL (the bank's and store network's callbacks) */
  webhookUrl: string;
  ops: OpsUrls;
  addr(name: Name): string;
  admin: ReturnType<typeof gatewayAdminClient>;
  ledger: LedgerClient;
  fees: ConnectedClient<feesV1.FeesServiceClient>;
  transfers: ConnectedClient<remittanceV1.TransferServiceClient>;
  nc: NatsConnection;
  runJob(service: Name, job: string): Promise<unknown>;
  /** a service's test clock */
  now(service: Name): Promise<Date>;
  /** a service's test clock to `to`; it stays where it is when already there or later */
  moveClockTo(service: Name, to: Date): Promise<void>;
  /** events on this mesh's subjects, each `times` times under different broker ids */
  publish(events: TestEvent[], times?: number): Promise<void>;
  /**
   * For a wait that timed out: JetStream's view of a service's consumer of one event type,
   * the mesh's database sessions that are not idle, and the service's last log lines.
   */
  explainConsumer(service: Name, eventType: string): Promise<string>;
  /** remittance builds and sends the transfer's file at its cut-off, then the bank's date moves to its execution date */
  executeAtBank(transferId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnMesh(): Promise<OwnMesh> {
  const ctx = testContext();
  const mesh = await isolatedMesh([...OWN_MESH_SERVICES], { wireAll: true });
  const [gatewayPort, webhookPort] = [await freePort(), await freePort()];
  const http = `http://127.0.0.1:${gatewayPort}`;
  const webhookUrl = `http://127.0.0.1:${webhookPort}`;
  const bank = await startBankSimulator(webhookUrl, { env: { BANK_SIMULATOR_RETRY_DELAYS_MS: '200,500,1000,2000,5000' } });
  const partnerBank = { PARTNER_BANK_URL: bank.url, PARTNER_BANK_SECRET: SIMBANK_SECRET };
  const env: Partial<Record<Name, Record<string, string>>> = {
    gateway: { HTTP_PORT: String(gatewayPort) },
    webhook: { HTTP_PORT: String(webhookPort) },
    billing: { BILLING_SLIP_BASE_URL: `${http}/slips` },
    notification: notificationTestEnv(ctx.mailSink, ctx.logDir),
    remittance: partnerBank,
    fees: { ...partnerBank, MERCHANT_API_URL: http },
  };
  // small pools: this mesh runs beside the run's shared one on the same Postgres
  const procs = await Promise.all(OWN_MESH_SERVICES.map((name) => mesh.start(name, { DATABASE_POOL_SIZE: '4', ...env[name] })));
  await Promise.all(procs.map((p) => p.waitReady(90_000)));
  const ops: OpsUrls = Object.fromEntries(OWN_MESH_SERVICES.map((name, i) => [name, mesh.opsUrl(procs[i])]));
  const addr = (name: Name) => mesh.plannedAddr(name);
  const admin = gatewayAdminClient(addr('gateway'));
  const ledger = ledgerClient(addr('ledger'));
  const fees = connectClient(feesV1.FeesServiceClient, addr('fees'));
  const transfers = connectClient(remittanceV1.TransferServiceClient, addr('remittance'));
  const nc = await connect({ servers: ctx.natsUrl });

  const now = (service: Name) => testClock(ops[service]).now();
  const moveClockTo = (service: Name, to: Date) => testClock(ops[service]).moveForwardTo(to);
  const runJob = (service: Name, job: string) => runJobAt(service, job, ops);

  async function executeAtBank(transferId: string): Promise<void> {
    const transfer = async () => (await transfers.getTransfer({ livemode: false, transferId })).transfer!;
    const t = await transfer();
    // 15:00 in Tokyo the day before: past that day's cut-off, so the file is built for the execution date
    await moveClockTo('remittance', new Date(Date.parse(`${t.executionDate}T00:00:00+09:00`) - 9 * 3_600_000));
    await runJob('remittance', 'remittance.build-files');
    await runJob('remittance', 'remittance.upload-files');
    await eventually(async () => (await transfer()).status === remittanceV1.TransferStatus.TRANSFER_STATUS_SENT, 20_000, 'file sent to the bank');
    const { date } = await bank.call('GET', '/control/date');
    if (date < t.executionDate) await bank.call('POST', '/control/date', { date: t.executionDate });
  }

  return {
    mesh, bank, http, webhookUrl, ops, addr, admin, ledger, fees, transfers, nc, runJob, now, moveClockTo, executeAtBank,
    explainConsumer: (service, eventType) => explainConsumer(mesh, service, eventType, procs[OWN_MESH_SERVICES.indexOf(service)].tail(30)),
    publish: (events, times = 1) => publishEvents(nc, mesh.prefix, events, times),
    async stop() {
      admin.close();
      ledger.close();
      fees.close();
      transfers.close();
      await nc.close();
      await bank.stop();
      await mesh.cleanup();
    },
  };
}

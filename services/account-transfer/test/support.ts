import { randomBytes, randomUUID } from 'node:crypto';
import { accountTransferV1 } from '@kessai/contracts';
import { connectClient, type ConnectedClient } from '@kessai/platform';
import { freePort } from '../../../scripts/src/lib/infra';
import type { ServiceProcess } from '../../../scripts/src/lib/processes';
import { startBankSimulator, type RunningBank } from '../../../scripts/test/support/bank';
import { testContext } from '../../../scripts/test/support/context';
import { isolatedMesh, type IsolatedMesh } from '../../../scripts/test/support/isolated';

export type AccountTransferClient = ConnectedClient<accountTransferV1.AccountTransferServiceClient>;
export const { MandateStatus, DebitStatus, BatchStatus, ContractMode } = accountTransferV1;

/**
 * A world of its own for a test file: its database and subject prefix, a
 * webhook service (the bank's callbacks), the bank simulator and one or more
 * account-transfer replicas pointed at it. Bulk items go at a high rate so CI
 * stays quick; the client does not retry a lost answer (the service must settle it).
 */
export interface DebitWorld {
  mesh: IsolatedMesh;
  bank: RunningBank;
  /** with `gateway: true`: the public REST API in front of the first replica */
  http?: string;
  gatewayGrpc?: string;
  replicas: ServiceProcess[];
  at: AccountTransferClient;
  ops: string;
  merchantId: string;
  startReplica(): Promise<ServiceProcess>;
  advanceClock(ms: number): Promise<void>;
  runJob(name: string): Promise<any>;
  close(): Promise<void>;
}

export async function debitWorld(opts: { env?: Record<string, string>; gateway?: boolean } = {}): Promise<DebitWorld> {
  const mesh = await isolatedMesh(opts.gateway ? ['webhook', 'account-transfer', 'gateway'] : ['webhook', 'account-transfer']);
  const webhookPort = await freePort();
  const webhook = await mesh.start('webhook', { HTTP_PORT: String(webhookPort) });
  await webhook.waitReady(30_000);
  const bank = await startBankSimulator(`http://127.0.0.1:${webhookPort}`, { env: { BANK_SIMULATOR_RETRY_DELAYS_MS: '100,200' } });
  const env = {
    PARTNER_BANK_URL: bank.url,
    PARTNER_BANK_RETRY_DELAYS_MS: '',
    PARTNER_BANK_TIMEOUT_MS: '2000',
    DEBIT_BATCH_RATE_PER_S: '2000',
    // the run's notification service (its mail goes to the run's mail sink)
    NOTIFICATION_GRPC_ADDR: testContext().services.notification.grpcAddr,
    ...opts.env,
  };
  const replicas: ServiceProcess[] = [];
  const startReplica = async () => {
    const p = await mesh.start('account-transfer', env);
    await p.waitReady(30_000);
    replicas.push(p);
    return p;
  };
  const first = await startReplica();
  const ops = mesh.opsUrl(first);
  const at = connectClient(accountTransferV1.AccountTransferServiceClient, mesh.grpcAddr(first));
  let http: string | undefined;
  let gatewayGrpc: string | undefined;
  if (opts.gateway) {
    const port = await freePort();
    const gw = await mesh.start('gateway', { HTTP_PORT: String(port), ACCOUNT_TRANSFER_GRPC_ADDR: mesh.grpcAddr(first) });
    await gw.waitReady(30_000);
    http = `http://127.0.0.1:${port}`;
    gatewayGrpc = mesh.grpcAddr(gw);
  }
  // the bank's date is Kessai's Tokyo date
  await bank.call('POST', '/control/date', { date: tokyoDate(new Date()) });
  return {
    mesh, bank, replicas, at, ops, startReplica, http, gatewayGrpc,
    merchantId: `mer_${randomBytes(8).toString('hex')}`,
    async advanceClock(ms) {
      const res = await fetch(`${ops}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: ms }) });
      if (res.status !== 200) throw new Error(`test clock: ${res.status} ${await res.text()}`);
      const now = new Date(((await res.json()) as { now: string }).now);
      await bank.call('POST', '/control/date', { date: tokyoDate(now) });
    },
    async runJob(name) {
      const res = await fetch(`${ops}/test/jobs/${name}/run`, { method: 'POST' });
      const body = (await res.json()) as { ran: boolean; result: unknown; error?: string };
      if (res.status !== 200) throw new Error(`job ${name}: ${res.status} ${JSON.stringify(body)}`);
      return body.result;
    },
    async close() {
      at.close();
      await bank.stop();
      await mesh.cleanup();
    },
  };
}

export function tokyoDate(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

export const REQUESTER = '1234567890';
export const BANK = { bank_code: '0005', branch_code: '001' };

/** A contract with the simulator bank for the world's merchant. */
export async function contract(w: DebitWorld, requesterCode = REQUESTER, mode = ContractMode.CONTRACT_MODE_REALTIME): Promise<accountTransferV1.Contract> {
  const { contract: c } = await w.at.createContract({
    requestId: randomUUID(), livemode: false, merchantId: w.merchantId, partner: 'simbank', requesterCode, requesterName: 'カブシキガイシャ テスト',
    bankCode: BANK.bank_code, branchCode: BANK.branch_code, accountType: '1', accountNumber: '7777777', mode, notifyEmail: `billing.${w.merchantId}@merchant.example`,
  });
  return c!;
}

export interface Debtor {
  customer: accountTransferV1.Customer;
  mandate: accountTransferV1.Mandate;
  accountNumber: string;
}

let accountSeq = 1_000_000 + Math.floor(Math.random() * 1_000_000);

/**
 * A customer with an account at the bank (balance, name) and a mandate the
 * bank has registered (`register: false` leaves it requested). Activation goes
 * through the bank's own mandate list (see activate()).
 */
export async function debtor(w: DebitWorld, c: accountTransferV1.Contract, o: { balance?: number; name?: string; ref?: string; bankAccount?: boolean } = {}): Promise<Debtor> {
  const accountNumber = String(accountSeq++).padStart(7, '0').slice(-7);
  const name = o.name ?? 'ヤマダ タロウ';
  if (o.bankAccount !== false) {
    await w.bank.call('PUT', `/control/accounts/${BANK.bank_code}/${BANK.branch_code}/${accountNumber}`, { account_type: '1', holder_name_kana: name, balance: o.balance ?? 100_000 });
  }
  const { customer } = await w.at.createCustomer({
    requestId: randomUUID(), livemode: false, merchantId: w.merchantId,
    customer: { customerRef: o.ref ?? `C${accountNumber}`, name: '山田太郎', holderName: name, bankCode: BANK.bank_code, branchCode: BANK.branch_code, accountType: '1', accountNumber, email: '' },
  });
  const { mandate } = await w.at.createMandate({ requestId: randomUUID(), livemode: false, merchantId: w.merchantId, customerId: customer!.id, contractId: c.id });
  return { customer: customer!, mandate: mandate!, accountNumber };
}

/** Registers the debtors' mandates at the bank. */
export async function registerAtBank(w: DebitWorld, debtors: Debtor[], extra: Record<string, unknown> = {}, requesterCode = REQUESTER): Promise<void> {
  for (const d of debtors) {
    await w.bank.call('PUT', `/control/debit-mandates/${requesterCode}/${d.mandate.customerNumber}`, {
      ...BANK, account_type: '1', account_number: d.accountNumber, holder_name: d.customer.account!.holderName, status: 'registered', ...extra,
    });
  }
}

/** The bank's signed mandate-list callback → webhook → account-transfer; waits until the mandates are active. */
export async function activateByCallback(w: DebitWorld, debtors: Debtor[], requesterCode = REQUESTER): Promise<void> {
  await w.bank.call('POST', '/control/debit-mandates/report', { requester_code: requesterCode });
  await until(async () => {
    for (const d of debtors) {
      const { mandate } = await w.at.getMandate({ livemode: false, merchantId: w.merchantId, mandateId: d.mandate.id });
      if (mandate!.status !== MandateStatus.MANDATE_STATUS_ACTIVE) return false;
    }
    return true;
  }, 'mandates active');
}

/** Polls a condition the services reach asynchronously (NATS, workers); never a fixed sleep. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function balanceOf(w: DebitWorld, accountNumber: string): Promise<number> {
  const { accounts } = await w.bank.call<{ accounts: { account_number: string; balance: number }[] }>('GET', '/control/accounts');
  return accounts.find((a) => a.account_number === accountNumber)!.balance;
}

export async function bankDebits(w: DebitWorld): Promise<{ request_id: string; result_code: number; amount: number; received_count: number; account_number: string }[]> {
  return (await w.bank.call('GET', '/control/debits')).debits;
}

export function debit(w: DebitWorld, d: Debtor, amount: number, requestId = randomUUID()) {
  return w.at.createDebit({ requestId, livemode: false, merchantId: w.merchantId, customerId: d.customer.id, amount, contractId: '', description: 'テスト' });
}

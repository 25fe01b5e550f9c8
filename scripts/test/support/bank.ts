import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort, withDatabase } from '../../src/lib/infra';
import { ManagedProcess } from '../../src/lib/processes';
import { SIMBANK_DEV_SECRET } from '../../src/lib/partner-bank';
import { testContext } from './context';

/** The secret the simulator signs callbacks and checks Kessai's requests with (its development default). */
export const SIMBANK_SECRET = SIMBANK_DEV_SECRET;

export interface RunningBank {
  url: string;
  /** its Postgres schema in the run's database (its own unless one was given) */
  schema: string;
  proc: ManagedProcess;
  call<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  /** SIGKILL, then start again on the same port and schema (its state must survive) */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface BankSimulatorOptions {
  /** default: a schema of its own, so test files never share a bank */
  schema?: string;
  /** more environment, e.g. BANK_SIMULATOR_RETRY_DELAYS_MS or BANK_SIMULATOR_SEED */
  env?: Record<string, string>;
}

/** How to run one bank simulator process (global setup and tests). */
export interface BankSimulatorProcessOptions {
  repoRoot: string;
  /** the run's database, as the admin role (the simulator creates its schema there) */
  databaseUrl: string;
  schema: string;
  port: number;
  /** the webhook service's public URL its signed callbacks go to */
  webhookHttpUrl: string;
  env?: Record<string, string>;
}

/** The simulator's process (not started). */
export function bankSimulatorProcess(o: BankSimulatorProcessOptions): ManagedProcess {
  return new ManagedProcess({
    name: 'bank-simulator',
    command: process.execPath,
    args: [path.join(o.repoRoot, 'tools', 'bank-simulator', 'dist', 'main.js')],
    env: {
      BANK_SIMULATOR_PORT: String(o.port),
      KESSAI_PARTNER_URL: `${o.webhookHttpUrl}/v1/partners/simbank`,
      DATABASE_URL: o.databaseUrl,
      BANK_SIMULATOR_SCHEMA: o.schema,
      BANK_SIMULATOR_SECRET: SIMBANK_SECRET,
      ...o.env,
    },
    readyUrl: `http://127.0.0.1:${o.port}/healthz`,
    output: 'silent',
  });
}

/**
 * The run's shared bank simulator (started by the global setup; every service's
 * PARTNER_BANK_URL points at it, its callbacks go to the run's webhook service).
 * Tests that move its business date should own the dates they use.
 */
export function sharedBank(): Pick<RunningBank, 'url' | 'schema' | 'call'> {
  const bank = testContext().bank;
  if (!bank) throw new Error('the test run has no shared bank simulator (is tools/bank-simulator built?)');
  return { url: bank.url, schema: bank.schema, call: (method, p, body) => bankCall(bank.url, method, p, body) };
}

async function bankCall(url: string, method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${p}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  if (res.status >= 400) throw new Error(`bank simulator ${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Starts the bank simulator (tools/bank-simulator) pointed at a webhook service's partner URLs, its state in the run's database. */
export async function startBankSimulator(webhookHttpUrl = testContext().services.webhook.httpUrl!, opts: BankSimulatorOptions = {}): Promise<RunningBank> {
  const ctx = testContext();
  const port = await freePort();
  const schema = opts.schema ?? `bank_simulator_${randomBytes(4).toString('hex')}`;
  const proc = bankSimulatorProcess({ repoRoot: ctx.repoRoot, databaseUrl: withDatabase(ctx.adminUrl, ctx.dbName), schema, port, webhookHttpUrl, env: opts.env });
  proc.start();
  await proc.waitReady(15_000);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    schema,
    proc,
    call: (method, p, body) => bankCall(url, method, p, body),
    async restart() {
      await proc.kill();
      proc.start();
      await proc.waitReady(15_000);
    },
    async stop() {
      await proc.stop(5_000);
    },
  };
}

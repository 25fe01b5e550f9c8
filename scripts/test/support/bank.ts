import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort, withDatabase } from '../../src/lib/infra';
import { ManagedProcess } from '../../src/lib/processes';
import { testContext } from './context';

export const SIMBANK_SECRET = 'whsec_simbank_development_only';

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

/** Starts the bank simulator (tools/bank-simulator) pointed at a webhook service's partner URLs, its state in the run's database. */
export async function startBankSimulator(webhookHttpUrl = testContext().services.webhook.httpUrl!, opts: BankSimulatorOptions = {}): Promise<RunningBank> {
  const ctx = testContext();
  const port = await freePort();
  const schema = opts.schema ?? `bank_simulator_${randomBytes(4).toString('hex')}`;
  const proc = new ManagedProcess({
    name: 'bank-simulator',
    command: process.execPath,
    args: [path.join(ctx.repoRoot, 'tools', 'bank-simulator', 'dist', 'main.js')],
    env: {
      BANK_SIMULATOR_PORT: String(port),
      KESSAI_PARTNER_URL: `${webhookHttpUrl}/v1/partners/simbank`,
      DATABASE_URL: withDatabase(ctx.adminUrl, ctx.dbName),
      BANK_SIMULATOR_SCHEMA: schema,
      ...opts.env,
    },
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    output: 'silent',
  });
  proc.start();
  await proc.waitReady(15_000);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    schema,
    proc,
    async call(method, p, body) {
      const res = await fetch(`${url}${p}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      const json = await res.json();
      if (res.status >= 400) throw new Error(`bank simulator ${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
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

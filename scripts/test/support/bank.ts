import path from 'node:path';
import { freePort } from '../../src/lib/infra';
import { ManagedProcess } from '../../src/lib/processes';
import { testContext } from './context';

export const SIMBANK_SECRET = 'whsec_simbank_development_only';

export interface RunningBank {
  url: string;
  proc: ManagedProcess;
  call<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the bank simulator (tools/bank-simulator) pointed at a webhook service's inbound URL. */
export async function startBankSimulator(webhookHttpUrl = testContext().services.webhook.httpUrl!): Promise<RunningBank> {
  const ctx = testContext();
  const port = await freePort();
  const proc = new ManagedProcess({
    name: 'bank-simulator',
    command: process.execPath,
    args: [path.join(ctx.repoRoot, 'tools', 'bank-simulator', 'dist', 'main.js')],
    env: { BANK_SIMULATOR_PORT: String(port), KESSAI_WEBHOOK_URL: `${webhookHttpUrl}/v1/partners/simbank/bank/deposits` },
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    output: 'silent',
  });
  proc.start();
  await proc.waitReady(15_000);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    proc,
    async call(method, p, body) {
      const res = await fetch(`${url}${p}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      const json = await res.json();
      if (res.status >= 400) throw new Error(`bank simulator ${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    async stop() {
      await proc.stop(5_000);
    },
  };
}

import path from 'node:path';
import { freePort } from '../../src/lib/infra';
import { ManagedProcess } from '../../src/lib/processes';
import { testContext } from './context';

export const SIMSTORE_SECRET = 'whsec_simstore_development_only';

export interface RunningStore {
  url: string;
  proc: ManagedProcess;
  call<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the store-network simulator (tools/store-simulator) pointed at a webhook service's partner URL. */
export async function startStoreSimulator(webhookHttpUrl = testContext().services.webhook.httpUrl!, env: Record<string, string> = {}): Promise<RunningStore> {
  const ctx = testContext();
  const port = await freePort();
  const proc = new ManagedProcess({
    name: 'store-simulator',
    command: process.execPath,
    args: [path.join(ctx.repoRoot, 'tools', 'store-simulator', 'dist', 'main.js')],
    env: { STORE_SIMULATOR_PORT: String(port), KESSAI_PARTNER_URL: `${webhookHttpUrl}/v1/partners/simstore`, ...env },
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
      if (res.status >= 400) throw new Error(`store simulator ${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    async stop() {
      await proc.stop(5_000);
    },
  };
}

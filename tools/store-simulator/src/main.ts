#!/usr/bin/env node
import { parseSettlementAccounts } from '@kessai/konbini';
import { createStoreSimulatorServer, StoreSimulator } from './simulator';

/** Development/test secret; the webhook service accepts it only outside staging/production. */
const DEV_SECRET = 'whsec_simstore_development_only';

const env = process.env;
const port = Number(env.STORE_SIMULATOR_PORT ?? 8091);
const partnerUrl = (env.KESSAI_PARTNER_URL ?? 'http://127.0.0.1:8081/v1/partners/simstore').replace(/\/$/, '');
const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ severity: 'INFO', level: 30, time: Date.now(), service: 'store-simulator', msg, ...fields })}\n`);

// the chains' transfers go through the bank simulator's payer API, into Kessai's settlement account per chain
const bankUrl = (env.STORE_SIMULATOR_BANK_URL ?? 'http://127.0.0.1:8090').replace(/\/$/, '');
const settlementAccounts = env.STORE_SIMULATOR_SETTLEMENT_ACCOUNTS ? parseSettlementAccounts(env.STORE_SIMULATOR_SETTLEMENT_ACCOUNTS) : undefined;
const sim = new StoreSimulator({ partnerUrl, secret: env.STORE_SIMULATOR_SECRET ?? DEV_SECRET, log, bankUrl, settlementAccounts, date: env.STORE_SIMULATOR_DATE });
if (env.STORE_SIMULATOR_CONFIRM_DELAY_MS) sim.setFaults({ confirm_delay_ms: Number(env.STORE_SIMULATOR_CONFIRM_DELAY_MS) });
const server = createStoreSimulatorServer(sim);
server.listen(port, '127.0.0.1', () => log('store simulator listening', { port, partner_url: partnerUrl }));
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    sim.stop();
    server.close(() => process.exit(0));
  });

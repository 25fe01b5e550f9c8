#!/usr/bin/env node
import { BankSimulator, createSimulatorServer } from './simulator';

/** Development/test secret; the webhook service accepts it only outside staging/production. */
const DEV_SECRET = 'whsec_simbank_development_only';

const env = process.env;
const port = Number(env.BANK_SIMULATOR_PORT ?? 8090);
const webhookUrl = env.KESSAI_WEBHOOK_URL ?? 'http://127.0.0.1:8081/v1/partners/simbank/bank/deposits';
const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ severity: 'INFO', level: 30, time: Date.now(), service: 'bank-simulator', msg, ...fields })}\n`);

const sim = new BankSimulator({ webhookUrl, partner: env.BANK_SIMULATOR_PARTNER ?? 'simbank', secret: env.BANK_SIMULATOR_SECRET ?? DEV_SECRET, log });
const server = createSimulatorServer(sim);
server.listen(port, '127.0.0.1', () => log('bank simulator listening', { port, webhook_url: webhookUrl }));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));

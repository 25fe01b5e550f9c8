#!/usr/bin/env node
import { bankDataVersion } from '@kessai/zengin';
import { Bank } from './bank';
import { loadConfig, tokyoToday } from './config';
import { migrate, openPool } from './db/pool';
import { DirectDebits } from './debits/direct-debits';
import { createSimulatorServer } from './server';

const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ severity: 'INFO', level: 30, time: Date.now(), service: 'bank-simulator', msg, ...fields })}\n`);

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const pool = openPool(config.databaseUrl, config.schema);
  const applied = await migrate(pool, config.schema);
  const bank = new Bank(pool, { partnerUrl: config.partnerUrl, secret: config.secret, retryDelaysMs: config.retryDelaysMs, log, today: tokyoToday });
  await bank.start(config.seed);
  const debits = new DirectDebits(pool, bank);
  await debits.start();
  const server = createSimulatorServer(bank, { secret: config.secret, debits });
  server.listen(config.port, '127.0.0.1', () =>
    log('bank simulator listening', { port: config.port, schema: config.schema, migrations_applied: applied, partner_url: config.partnerUrl, bank_data: bankDataVersion().label }),
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      bank.stop();
      server.close(() => void pool.end().finally(() => process.exit(0)));
    });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bank simulator failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

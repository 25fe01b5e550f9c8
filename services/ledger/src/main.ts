import './instrument';
import { ledgerV1 } from '@kessai/contracts';
import { ConfigError, MESH, ServiceKit, every } from '@kessai/platform';
import { Committer } from './app/committer';
import type { LedgerDeps } from './app/deps';
import { ledgerMetrics } from './app/metrics';
import { ledgerConfig } from './config';
import { LedgerStore } from './db/ledger-store';
import { LEDGER_MIGRATIONS } from './db/migrations';
import { moneyFactHandlers } from './events/consumers';
import { ledgerHandlers } from './grpc/ledger-handlers';

async function main(): Promise<void> {
  const config = ledgerConfig();
  const kit = new ServiceKit({
    service: MESH.ledger,
    config,
    migrations: LEDGER_MIGRATIONS,
  });
  const store = new LedgerStore(kit.outbox);
  const eventsCommitted = () => kit.eventsCommitted();
  const committer = new Committer(kit.dataSource, store, kit.clock, kit.logger, eventsCommitted, kit.metrics, config.LEDGER_MAX_GROUP, config.LEDGER_COMMIT_WORKERS);
  const deps: LedgerDeps = {
    dataSource: kit.dataSource,
    store,
    committer,
    clock: kit.clock,
    outbox: kit.outbox,
    logger: kit.logger,
    idempotency: kit.idempotency,
    metrics: ledgerMetrics(kit.metrics),
    eventsCommitted,
    fault: config.KESSAI_ENV === 'test' ? config.KESSAI_FAULT_LEDGER : undefined,
  };

  kit.addGrpcService(ledgerV1.LedgerServiceService, ledgerHandlers(deps));
  for (const [eventType, handler] of moneyFactHandlers(deps)) kit.consume(eventType, handler);
  kit.addJob({
    name: 'ledger.compact-balances',
    next: every(1_000),
    run: () => kit.dataSource.transaction((tx) => store.compact(tx.queryRunner!)).then((accounts) => ({ accounts })),
  });
  await kit.start();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`ledger: ${err.message}`);
  else console.error('ledger failed to start:', err);
  process.exit(1);
});

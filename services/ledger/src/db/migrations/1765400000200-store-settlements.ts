import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * The store chains' settlements (docs/reference/konbini.md#store-chain-settlements):
 * one row per transfer booked, with what Kessai expected from that chain for
 * that week and the difference, so the reconciliation can list what did not
 * match. The index finds a chain's confirmed collections of a week.
 */
export class StoreSettlements1765400000200 implements MigrationInterface {
  name = 'StoreSettlements1765400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger.store_settlements (
        seq               bigserial UNIQUE,
        id                text PRIMARY KEY,
        livemode          boolean NOT NULL,
        chain             text NOT NULL,
        period_from       date,
        period_to         date,
        amount            bigint NOT NULL CHECK (amount > 0),
        expected          bigint NOT NULL,
        difference        bigint NOT NULL,
        status            text NOT NULL CHECK (status IN ('matched', 'mismatch', 'unknown_period')),
        transaction_id    text NOT NULL REFERENCES ledger.transactions (id),
        deposit_id        text NOT NULL,
        partner           text NOT NULL,
        partner_event_id  text NOT NULL,
        received_on       date,
        edi_info          text NOT NULL DEFAULT '',
        booked_at         timestamptz NOT NULL,
        UNIQUE (livemode, partner, partner_event_id),
        CHECK ((period_from IS NULL) = (period_to IS NULL))
      )`);
    await q.query(`CREATE INDEX store_settlements_period ON ledger.store_settlements (livemode, chain, period_from)`);
    await q.query(`CREATE INDEX store_settlements_flagged ON ledger.store_settlements (livemode, seq DESC) WHERE status <> 'matched'`);
    await q.query(`CREATE INDEX transactions_collections_by_chain ON ledger.transactions ((metadata->>'chain'), posted_at) WHERE kind = 'collection.confirmed'`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

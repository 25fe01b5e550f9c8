import { generateCustomerNumber } from '@kessai/konbini';
import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Konbini rules, second pass (docs/reference/konbini.md):
 * - a payment's store transaction id (its identity when the network sends one);
 * - customer numbers in the chains' shape: every 17-digit number gets a
 *   12-digit one; the old row stays (never reused) as an alias of the new, and
 *   the bills registered under it keep it (`customer_number_alias`), so the old
 *   number still works at a kiosk while any of them is open.
 */
export class KonbiniRules1765100000500 implements MigrationInterface {
  name = 'KonbiniRules1765100000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.payments ADD COLUMN store_transaction_id text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE billing.customer_numbers ADD COLUMN alias_of text REFERENCES billing.customer_numbers (number)`);
    await q.query(`ALTER TABLE billing.bills ADD COLUMN customer_number_alias text NOT NULL DEFAULT ''`);
    await q.query(`CREATE INDEX bills_customer_number_alias ON billing.bills (customer_number_alias) WHERE customer_number_alias <> ''`);
    await renumberLegacyCustomerNumbers(q);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

/** Gives every 17-digit customer number a number in the new shape (the data migration; exported for its test). */
export async function renumberLegacyCustomerNumbers(q: Pick<QueryRunner, 'query'>): Promise<number> {
  const legacy: { number: string; livemode: boolean; merchant_id: string; created_at: Date }[] = await q.query(
    `SELECT number, livemode, merchant_id, created_at FROM billing.customer_numbers WHERE length(number) = 17 AND alias_of IS NULL ORDER BY number`,
  );
  for (const old of legacy) {
    let fresh = '';
    for (let attempt = 0; !fresh; attempt++) {
      if (attempt >= 20) throw new Error('could not draw a unique customer number');
      const candidate = generateCustomerNumber();
      const won = await q.query(
        `INSERT INTO billing.customer_numbers (number, livemode, merchant_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
        [candidate, old.livemode, old.merchant_id, old.created_at],
      );
      if (won.length > 0) fresh = candidate;
    }
    await q.query(`UPDATE billing.customer_numbers SET alias_of = $2 WHERE number = $1`, [old.number, fresh]);
    await q.query(`UPDATE billing.customers SET customer_number = $2 WHERE customer_number = $1`, [old.number, fresh]);
    await q.query(`UPDATE billing.bills SET customer_number = $2, customer_number_alias = $1 WHERE customer_number = $1`, [old.number, fresh]);
  }
  return legacy.length;
}

import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Konbini refunds: each one is a one-recipient remittance order (the order's
 * reference is the payment id; this table is the payment's side of the link).
 */
export class GatewayPaymentRefunds1765000000300 implements MigrationInterface {
  name = 'GatewayPaymentRefunds1765000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.payment_refunds (
        id           text PRIMARY KEY,
        payment_id   text NOT NULL,
        merchant_id  text NOT NULL,
        livemode     boolean NOT NULL,
        amount       bigint NOT NULL CHECK (amount > 0),
        order_id     text NOT NULL UNIQUE,
        recipient_id text NOT NULL,
        created_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX payment_refunds_payment ON gateway.payment_refunds (payment_id, created_at)`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

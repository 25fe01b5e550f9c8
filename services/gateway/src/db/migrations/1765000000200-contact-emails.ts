import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/** Merchants get contact email addresses (docs/reference/remittance.md#merchant-notices). Additive. */
export class GatewayContactEmails1765000000200 implements MigrationInterface {
  name = 'GatewayContactEmails1765000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.merchants ADD COLUMN contact_emails text[] NOT NULL DEFAULT '{}'`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

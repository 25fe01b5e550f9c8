import type { MigrationInterface, QueryRunner } from '@kessai/platform';

/**
 * Data: every merchant's free-form `settings.fee_plan` / `settings.settlement_cycle`
 * become its first contract terms, in force from the day it was created (Tokyo),
 * under the current names: monthly_end → monthly, semi_monthly → half_monthly,
 * weekly → every_5_days; standard → collection_plan, billing → billing_plan.
 * Anything else (or nothing) becomes the defaults, collection_plan and monthly —
 * never a plan that charges more — and the old names are kept in `legacy`. The
 * two keys then leave the settings. The mapping is written out here, not
 * imported, so this migration stays as it ran. Forward-only.
 */
export class GatewayContractNames1765300000200 implements MigrationInterface {
  name = 'GatewayContractNames1765300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO gateway.contract_terms (merchant_id, effective_from, fee_plan, settlement_cycle, recorded_at, legacy)
      SELECT id, effective_from, fee_plan, settlement_cycle, now(),
             CASE WHEN old_plan IS DISTINCT FROM fee_plan OR old_cycle IS DISTINCT FROM settlement_cycle
                  THEN jsonb_build_object('fee_plan', old_plan, 'settlement_cycle', old_cycle) END
        FROM (
          SELECT id,
                 (created_at AT TIME ZONE 'Asia/Tokyo')::date AS effective_from,
                 settings->>'fee_plan' AS old_plan,
                 settings->>'settlement_cycle' AS old_cycle,
                 CASE settings->>'fee_plan'
                   WHEN 'billing_plan' THEN 'billing_plan'
                   WHEN 'billing' THEN 'billing_plan'
                   ELSE 'collection_plan' END AS fee_plan,
                 CASE settings->>'settlement_cycle'
                   WHEN 'every_5_days' THEN 'every_5_days'
                   WHEN 'weekly' THEN 'every_5_days'
                   WHEN 'every_10_days' THEN 'every_10_days'
                   WHEN 'half_monthly' THEN 'half_monthly'
                   WHEN 'semi_monthly' THEN 'half_monthly'
                   ELSE 'monthly' END AS settlement_cycle
            FROM gateway.merchants) m
      ON CONFLICT (merchant_id, effective_from) DO NOTHING`);
    await q.query(`UPDATE gateway.merchants SET settings = settings - 'fee_plan' - 'settlement_cycle' WHERE settings ?| array['fee_plan', 'settlement_cycle']`);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

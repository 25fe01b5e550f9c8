import { tokyoDate } from '@kessai/bank-calendar';
import { useCase, ValidationError } from '@kessai/platform';
import { schedulesStore } from '../db/schedules-store';
import { feesOn } from '../domain/schedule';
import type { FeesDeps } from './deps';
import type { ScheduleView } from './views';

/** The merchant's amounts in force on a date (default today), and each change set to start after it. */
export function getFeeSchedule(deps: FeesDeps, merchantId: string, onDate: string): Promise<{ schedule: ScheduleView; upcoming: ScheduleView[] }> {
  return useCase('fees.get_fee_schedule', async () => {
    if (!merchantId) throw ValidationError.field('merchant_id', 'is required');
    if (onDate && !/^\d{4}-\d{2}-\d{2}$/.test(onDate)) throw ValidationError.field('on_date', 'must be a date YYYY-MM-DD');
    const date = onDate || tokyoDate(deps.clock.now());
    const changes = await schedulesStore.list(deps.dataSource, merchantId);
    const current = feesOn(changes, date);
    return {
      schedule: { merchantId, effectiveFrom: current.effectiveFrom, amounts: current.amounts },
      upcoming: changes.filter((c) => c.effectiveFrom > date).map((c) => ({ merchantId, effectiveFrom: c.effectiveFrom, amounts: feesOn(changes, c.effectiveFrom).amounts })),
    };
  });
}

import { tokyoDate } from '@kessai/bank-calendar';
import { useCase, ValidationError } from '@kessai/platform';
import { schedulesStore } from '../db/schedules-store';
import { feesOn, validateScheduleChange } from '../domain/schedule';
import type { FeesDeps } from './deps';
import { scheduleEvent } from './events';
import type { ScheduleView } from './views';

export interface SetFeeSchedule {
  requestId: string;
  merchantId: string;
  effectiveFrom: string;
  amounts: { kind: string; amount: number }[];
}

/**
 * Changes some of a merchant's amounts from a date after today on
 * (docs/reference/fees-and-settlement.md#the-fee-schedule): fee items already
 * accrued keep theirs. Idempotent by request id.
 */
export function setFeeSchedule(deps: FeesDeps, cmd: SetFeeSchedule): Promise<ScheduleView> {
  return useCase('fees.set_fee_schedule', async () => {
    const v = [];
    if (!cmd.requestId) v.push({ field: 'request_id', description: 'is required' });
    if (!cmd.merchantId) v.push({ field: 'merchant_id', description: 'is required' });
    if (v.length) throw new ValidationError(v);
    const { replayed } = await deps.dataSource.transaction((tx) =>
      deps.idempotency.run(
        tx,
        { scope: `fee_schedule.set:${cmd.merchantId}`, key: cmd.requestId, operation: 'fee_schedule.set', request: { effectiveFrom: cmd.effectiveFrom, amounts: cmd.amounts }, param: 'request_id' },
        async () => {
          const now = deps.clock.now();
          const change = validateScheduleChange(cmd, tokyoDate(now));
          await schedulesStore.upsert(tx, cmd.merchantId, change, now);
          const amounts = feesOn(await schedulesStore.list(tx, cmd.merchantId), change.effectiveFrom).amounts;
          await deps.outbox.add(tx, [scheduleEvent({ merchantId: cmd.merchantId, effectiveFrom: change.effectiveFrom, amounts }, now)]);
          return change.effectiveFrom;
        },
      ),
    );
    if (!replayed) deps.eventsCommitted();
    const changes = await schedulesStore.list(deps.dataSource, cmd.merchantId);
    return { merchantId: cmd.merchantId, effectiveFrom: cmd.effectiveFrom, amounts: feesOn(changes, cmd.effectiveFrom).amounts };
  });
}

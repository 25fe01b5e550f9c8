import { useCase, ValidationError } from '@kessai/platform';
import type { PhoneTaskView } from '../domain/phone';
import { phoneTasksStore } from '../db/phone-tasks-store';
import type { NotificationDeps } from './deps';

/**
 * Hands the operator the next due task: an open task whose time has come, or
 * one whose claim lapsed. Concurrent claims pick different tasks. An operator
 * who already holds a live claim gets that task again (one task per operator
 * at a time).
 */
export function claimPhoneTask(deps: NotificationDeps, input: { livemode: boolean; operatorId: string; merchantId: string }): Promise<PhoneTaskView | undefined> {
  return useCase('notification.claim_phone_task', async () => {
    if (!input.operatorId) throw ValidationError.field('operator_id', 'required');
    const now = deps.clock.now();
    const held = await phoneTasksStore.heldClaim(deps.dataSource, input.livemode, input.operatorId, input.merchantId, now);
    if (held) return held;
    const claimExpiresAt = new Date(now.getTime() + deps.settings.phoneClaimTtlMs);
    const task = await phoneTasksStore.claimNext(deps.dataSource, input.livemode, input.merchantId, input.operatorId, now, claimExpiresAt);
    if (task) deps.logger.info({ task_id: task.id, operator_id: input.operatorId }, 'phone task claimed');
    return task;
  }, { livemode: input.livemode });
}

import { notificationEventsV1 } from '@kessai/contracts';
import { DomainEvent, NotFoundError, useCase, ValidationError } from '@kessai/platform';
import { applyOutcome, CallOutcome, PhoneTaskView } from '../domain/phone';
import { messagesStore } from '../db/messages-store';
import { phoneTasksStore } from '../db/phone-tasks-store';
import type { NotificationDeps } from './deps';

export interface CompletePhoneTaskInput {
  livemode: boolean;
  taskId: string;
  operatorId: string;
  outcome: CallOutcome | undefined;
  callbackAt?: Date;
  note: string;
}

/**
 * Records a call on a task the operator holds. A call-back puts the task back
 * in the queue at the agreed time; any other outcome completes it, with a
 * `notification.phone_task.completed` event (the recipient was handled: a
 * billable item) and the message's own sent/failed event.
 */
export function completePhoneTask(deps: NotificationDeps, input: CompletePhoneTaskInput): Promise<PhoneTaskView> {
  return useCase('notification.complete_phone_task', async () => {
    if (!input.taskId) throw ValidationError.field('task_id', 'required');
    const { task, messageOutcome } = await deps.dataSource.transaction(async (tx) => {
      const q = tx.queryRunner!;
      const now = deps.clock.now();
      const task = await phoneTasksStore.lock(q, input.livemode, input.taskId);
      if (!task) throw new NotFoundError('phone_task', input.taskId);
      const change = applyOutcome({ id: task.id, status: task.status, claimedBy: task.claimedBy || null, claimExpiresAt: task.claimExpiresAt ?? null, attempts: task.attempts }, input, now);
      await phoneTasksStore.addAttempt(q, { taskId: task.id, number: change.attempts, operatorId: input.operatorId, outcome: input.outcome!, note: input.note.slice(0, 2_000), at: now });
      if (change.status === 'open') return { task: await phoneTasksStore.reopen(q, task.id, change.dueAt, change.attempts, now), messageOutcome: undefined };
      const completed = await phoneTasksStore.complete(q, task.id, change.outcome, change.attempts, now);
      const message = task.messageId ? await messagesStore.finishPhoneMessage(q, task.messageId, change, now) : undefined;
      const ev = (type: string, payloadType: string, payload: Uint8Array): DomainEvent => ({
        type, aggregateId: type.startsWith('notification.phone_task') ? task.id : (task.messageId || task.id), merchantId: task.merchantId, livemode: task.livemode, occurredAt: now, payloadType, payload,
      });
      const events: DomainEvent[] = [
        ev('notification.phone_task.completed', 'kessai.notification.events.v1.PhoneTaskCompleted',
          notificationEventsV1.PhoneTaskCompleted.encode({
            taskId: task.id, messageId: task.messageId, reference: task.reference, direction: task.direction, outcome: change.outcome,
            attempts: change.attempts, operatorId: input.operatorId, completedAt: now,
          }).finish()),
      ];
      if (message) {
        events.push(
          change.reached
            ? ev('notification.message.sent', 'kessai.notification.events.v1.MessageSent',
                notificationEventsV1.MessageSent.encode({ messageId: message.id, requestId: message.requestId, kind: message.kind, channel: 'phone', reference: message.reference, attempts: change.attempts, sentAt: now }).finish())
            : ev('notification.message.failed', 'kessai.notification.events.v1.MessageFailed',
                notificationEventsV1.MessageFailed.encode({ messageId: message.id, requestId: message.requestId, kind: message.kind, channel: 'phone', reference: message.reference, attempts: change.attempts, reason: change.outcome, permanent: true }).finish()),
        );
      }
      await deps.outbox.add(q, events);
      return { task: completed, messageOutcome: message ? (change.reached ? 'sent' as const : 'failed' as const) : undefined };
    });
    deps.eventsCommitted();
    if (messageOutcome) deps.metrics.message('phone', messageOutcome);
    deps.logger.info({ task_id: input.taskId, operator_id: input.operatorId, outcome: input.outcome }, 'phone call recorded');
    return task;
  }, { livemode: input.livemode });
}

import { PreconditionError, ValidationError } from '@kessai/platform';
import type { MessageKind } from './channels';

/**
 * The phone queue's rules: who may record an outcome, and what it does to the
 * task. Pure; the clock is passed in.
 */
export type CallOutcome = 'reached' | 'registered_by_phone' | 'call_back' | 'unreachable' | 'wrong_number';
export type PhoneTaskStatus = 'open' | 'claimed' | 'completed';

export interface PhoneAttemptView {
  number: number;
  operatorId: string;
  outcome: CallOutcome;
  note: string;
  at: Date;
}

/** A call to make (outbound, for a phone message) or a call taken (inbound), with its attempts. */
export interface PhoneTaskView {
  id: string;
  livemode: boolean;
  merchantId: string;
  messageId: string;
  direction: 'outbound' | 'inbound';
  status: PhoneTaskStatus;
  kind: MessageKind;
  recipientName: string;
  phone: string;
  reference: string;
  amount: number;
  variables: Record<string, string>;
  claimedBy: string;
  claimExpiresAt?: Date;
  dueAt: Date;
  attempts: number;
  outcome?: CallOutcome;
  history: PhoneAttemptView[];
  createdAt: Date;
  completedAt?: Date;
}

/**
 * What makes two recordings of one inbound-call request id the same call: the
 * merchant, reference, amount and caller's phone (who typed it in, or how the
 * name was spelt, may differ). Hashed as the request of its idempotent command.
 */
export function inboundCallIdentity(call: { merchantId: string; reference: string; amount: number; callerPhone: string }) {
  return { merchantId: call.merchantId, reference: call.reference, amount: call.amount, callerPhone: call.callerPhone };
}

export interface TaskState {
  id: string;
  status: PhoneTaskStatus;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
  attempts: number;
}

export type TaskChange =
  | { status: 'open'; dueAt: Date; attempts: number }
  | { status: 'completed'; outcome: CallOutcome; attempts: number; reached: boolean };

/** The operator must hold an unexpired claim on the task. */
export function assertClaimHeld(task: TaskState, operatorId: string, now: Date): void {
  if (task.status === 'completed') throw new PreconditionError('phone_task_completed', `phone task ${task.id} is already completed`);
  if (task.status !== 'claimed' || task.claimedBy !== operatorId) {
    throw new PreconditionError('phone_task_not_claimed', `phone task ${task.id} is not claimed by operator ${operatorId}`);
  }
  if (!task.claimExpiresAt || task.claimExpiresAt.getTime() <= now.getTime()) {
    throw new PreconditionError('phone_task_claim_expired', `the claim on phone task ${task.id} expired; claim it again`);
  }
}

export function applyOutcome(task: TaskState, input: { operatorId: string; outcome: CallOutcome | undefined; callbackAt?: Date }, now: Date): TaskChange {
  if (!input.operatorId) throw ValidationError.field('operator_id', 'required');
  if (!input.outcome) throw ValidationError.field('outcome', 'required');
  assertClaimHeld(task, input.operatorId, now);
  const attempts = task.attempts + 1;
  if (input.outcome === 'call_back') {
    if (!input.callbackAt) throw ValidationError.field('callback_at', 'required when the outcome is call_back');
    if (input.callbackAt.getTime() <= now.getTime()) throw ValidationError.field('callback_at', 'must be in the future');
    return { status: 'open', dueAt: input.callbackAt, attempts };
  }
  return { status: 'completed', outcome: input.outcome, attempts, reached: input.outcome === 'reached' || input.outcome === 'registered_by_phone' };
}

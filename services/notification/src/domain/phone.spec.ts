import { DomainError } from '@kessai/platform';
import { applyOutcome, TaskState } from './phone';

const now = new Date('2026-11-23T01:00:00Z');
const claimed: TaskState = { id: 'ptk_1', status: 'claimed', claimedBy: 'op-1', claimExpiresAt: new Date(now.getTime() + 60_000), attempts: 0 };

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as DomainError).code;
  }
  return 'no error';
}

describe('phone task outcomes', () => {
  it('completes a task on a final outcome', () => {
    expect(applyOutcome(claimed, { operatorId: 'op-1', outcome: 'registered_by_phone' }, now)).toEqual({
      status: 'completed', outcome: 'registered_by_phone', attempts: 1, reached: true,
    });
    expect(applyOutcome(claimed, { operatorId: 'op-1', outcome: 'wrong_number' }, now)).toMatchObject({ status: 'completed', reached: false });
  });

  it('puts a call-back back in the queue at the agreed time', () => {
    const at = new Date(now.getTime() + 3_600_000);
    expect(applyOutcome(claimed, { operatorId: 'op-1', outcome: 'call_back', callbackAt: at }, now)).toEqual({ status: 'open', dueAt: at, attempts: 1 });
    expect(code(() => applyOutcome(claimed, { operatorId: 'op-1', outcome: 'call_back' }, now))).toBe('invalid_request');
    expect(code(() => applyOutcome(claimed, { operatorId: 'op-1', outcome: 'call_back', callbackAt: now }, now))).toBe('invalid_request');
  });

  it('accepts an outcome only from the operator holding an unexpired claim', () => {
    expect(code(() => applyOutcome(claimed, { operatorId: 'op-2', outcome: 'reached' }, now))).toBe('phone_task_not_claimed');
    expect(code(() => applyOutcome({ ...claimed, status: 'open', claimedBy: null }, { operatorId: 'op-1', outcome: 'reached' }, now))).toBe('phone_task_not_claimed');
    expect(code(() => applyOutcome(claimed, { operatorId: 'op-1', outcome: 'reached' }, new Date(now.getTime() + 60_000)))).toBe('phone_task_claim_expired');
    expect(code(() => applyOutcome({ ...claimed, status: 'completed' }, { operatorId: 'op-1', outcome: 'reached' }, now))).toBe('phone_task_completed');
  });
});

import { newId, useCase, ValidationError } from '@kessai/platform';
import type { MessageKind } from '../domain/channels';
import type { MessagePayload } from '../domain/message';
import { inboundCallIdentity, PhoneTaskView } from '../domain/phone';
import { phoneTasksStore } from '../db/phone-tasks-store';
import type { NotificationDeps } from './deps';
import { requestScope } from './message-events';

export interface InboundCallInput {
  livemode: boolean;
  requestId: string;
  merchantId: string;
  operatorId: string;
  callerName: string;
  callerPhone: string;
  reference: string;
  amount: number;
  kind: MessageKind | undefined;
}

/**
 * Phone reception (電話受付): a recipient called in. The operator who answered
 * records the call; it becomes an inbound task already claimed by them, which
 * they finish with completePhoneTask like any other (billable once handled).
 * Idempotent by request id: a retry is the same call when the merchant,
 * reference, amount and caller's phone match (who typed it in, or the name
 * spelling, may differ); otherwise `idempotency_key_reused`.
 */
export function recordInboundCall(deps: NotificationDeps, input: InboundCallInput): Promise<{ task: PhoneTaskView; replayed: boolean }> {
  return useCase('notification.record_inbound_call', async () => {
    const violations = [];
    if (!input.requestId) violations.push({ field: 'request_id', description: 'required' });
    if (!input.merchantId) violations.push({ field: 'merchant_id', description: 'required' });
    if (!input.operatorId) violations.push({ field: 'operator_id', description: 'required: the operator who answered' });
    if (!input.callerPhone && !input.callerName) violations.push({ field: 'caller_phone', description: 'give the caller’s phone number or name' });
    if (input.callerPhone && !/^\+?[0-9-]{6,20}$/.test(input.callerPhone)) violations.push({ field: 'caller_phone', description: 'digits, optionally with - or a leading +' });
    if (!Number.isSafeInteger(input.amount) || input.amount < 0) violations.push({ field: 'amount', description: 'a whole number of yen, not negative' });
    if (violations.length) throw new ValidationError(violations);
    const payload: MessagePayload = { recipient: { name: input.callerName, email: '', phone: input.callerPhone }, variables: {} };
    const result = await deps.dataSource.transaction(async (tx) => {
      const q = tx.queryRunner!;
      const command = {
        scope: requestScope('notification.inbound_call', input.livemode),
        key: input.requestId,
        operation: 'phone.record_inbound_call',
        request: inboundCallIdentity(input),
        param: 'request_id',
      };
      const { value: taskId, replayed } = await deps.idempotency.run(q, command, async () => {
        const now = deps.clock.now();
        const id = newId('ptk', now.getTime());
        await phoneTasksStore.insertInbound(q, {
          id, livemode: input.livemode, merchantId: input.merchantId, requestId: input.requestId, kind: input.kind ?? 'test', reference: input.reference,
          amount: input.amount, payload, operatorId: input.operatorId, now, claimExpiresAt: new Date(now.getTime() + deps.settings.phoneClaimTtlMs),
        });
        return id;
      });
      return { task: (await phoneTasksStore.find(q, taskId))!, replayed };
    });
    if (!result.replayed) deps.logger.info({ operator_id: input.operatorId, merchant_id: input.merchantId }, 'inbound call recorded');
    return result;
  }, { livemode: input.livemode });
}


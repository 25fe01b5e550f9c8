import { notificationV1 } from '@kessai/contracts';
import { testContext } from '../../../scripts/test/support/context';
import { CallOutcome, Channel, notificationClient, NotificationClient, opsPost, outboxTypes, PhoneTaskStatus, rejection, sendRequest, uid } from './helpers';

// The phone queue against the run's notification process: concurrent claims,
// outcomes, call-backs and claim expiry under the test clock (moved through
// the ops port, never slept through).
const ctx = testContext();
const ops = ctx.services.notification.opsUrl;
let client: NotificationClient;
beforeAll(() => (client = notificationClient(ctx.services.notification.grpcAddr)));
afterAll(() => client.close());

async function queue(merchantId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await client.send(sendRequest({ merchantId, channels: [Channel.CHANNEL_PHONE], amount: 1_000 + i }));
    expect(res.messages[0].phoneTaskId).toMatch(/^ptk_/);
    ids.push(res.messages[0].phoneTaskId);
  }
  return ids;
}

async function now(): Promise<Date> {
  const res = await fetch(`${ops}/test/clock`);
  return new Date(((await res.json()) as { now: string }).now);
}

it('never hands one task to two operators, however many claim at once', async () => {
  const merchantId = `mer_q${uid()}`;
  const tasks = await queue(merchantId, 12);
  const operators = Array.from({ length: 16 }, (_, i) => `op-${i}-${uid()}`);
  const claims = await Promise.all(operators.map((operatorId) => client.claimPhoneTask({ livemode: false, operatorId, merchantId })));
  const claimed = claims.map((c) => c.task?.id).filter((id): id is string => !!id);
  expect(claimed).toHaveLength(12);
  expect(new Set(claimed).size).toBe(12);
  expect([...claimed].sort()).toEqual([...tasks].sort());
  // each claim is recorded for the operator that got it
  for (const [i, c] of claims.entries()) if (c.task) expect(c.task.claimedBy).toBe(operators[i]);
  // an operator asking again gets its own task back, not a second one
  const holder = claims.findIndex((c) => c.task);
  const again = await client.claimPhoneTask({ livemode: false, operatorId: operators[holder], merchantId });
  expect(again.task!.id).toBe(claims[holder].task!.id);
});

it('shows the operator the order and amount, records outcomes and emits a billable event', async () => {
  const merchantId = `mer_q${uid()}`;
  const [taskId] = await queue(merchantId, 1);
  const { task } = await client.claimPhoneTask({ livemode: false, operatorId: 'op-a', merchantId });
  expect(task).toMatchObject({ id: taskId, recipientName: '山田 太郎', phone: '09012345678', amount: 1_000, status: PhoneTaskStatus.PHONE_TASK_STATUS_CLAIMED });
  expect(task!.reference).toMatch(/^rcp_/);

  // call back in an hour: back in the queue, not claimable before then
  const at = new Date((await now()).getTime() + 3_600_000);
  const cb = await client.completePhoneTask({ livemode: false, taskId, operatorId: 'op-a', outcome: CallOutcome.CALL_OUTCOME_CALL_BACK, callbackAt: at, note: '夕方に折り返し' });
  expect(cb.task).toMatchObject({ status: PhoneTaskStatus.PHONE_TASK_STATUS_OPEN, attempts: 1 });
  expect((await client.claimPhoneTask({ livemode: false, operatorId: 'op-b', merchantId })).task).toBeUndefined();
  await opsPost(ops, '/test/clock', { advance_ms: 3_600_000 + 1_000 });
  const next = await client.claimPhoneTask({ livemode: false, operatorId: 'op-b', merchantId });
  expect(next.task!.id).toBe(taskId);

  const done = await client.completePhoneTask({ livemode: false, taskId, operatorId: 'op-b', outcome: CallOutcome.CALL_OUTCOME_REGISTERED_BY_PHONE, note: '' });
  expect(done.task).toMatchObject({ status: PhoneTaskStatus.PHONE_TASK_STATUS_COMPLETED, outcome: CallOutcome.CALL_OUTCOME_REGISTERED_BY_PHONE, attempts: 2 });
  expect(done.task!.history.map((h) => [h.operatorId, h.outcome])).toEqual([
    ['op-a', CallOutcome.CALL_OUTCOME_CALL_BACK],
    ['op-b', CallOutcome.CALL_OUTCOME_REGISTERED_BY_PHONE],
  ]);
  expect(await outboxTypes(ctx.services.notification.databaseUrl, taskId)).toEqual(['notification.phone_task.completed']);
  const again = await rejection(client.completePhoneTask({ livemode: false, taskId, operatorId: 'op-b', outcome: CallOutcome.CALL_OUTCOME_REACHED, note: '' }));
  expect(again.code).toBe('phone_task_completed');

  const listed = await client.listPhoneTasks({ livemode: false, merchantId, status: PhoneTaskStatus.PHONE_TASK_STATUS_COMPLETED, pageSize: 10, pageToken: '' });
  expect(listed.tasks.map((t) => t.id)).toEqual([taskId]);
});

it('lets an abandoned claim expire on the test clock', async () => {
  const merchantId = `mer_q${uid()}`;
  const [taskId] = await queue(merchantId, 1);
  expect((await client.claimPhoneTask({ livemode: false, operatorId: 'op-gone', merchantId })).task!.id).toBe(taskId);
  expect((await client.claimPhoneTask({ livemode: false, operatorId: 'op-next', merchantId })).task).toBeUndefined();

  await opsPost(ops, '/test/clock', { advance_ms: 15 * 60_000 + 1_000 });
  const late = await rejection(client.completePhoneTask({ livemode: false, taskId, operatorId: 'op-gone', outcome: CallOutcome.CALL_OUTCOME_REACHED, note: '' }));
  // the expiry job may already have run on its own once the clock moved (the shared mesh's
  // scheduler); either way the lapsed claim can no longer complete the task
  expect(['phone_task_claim_expired', 'phone_task_not_claimed']).toContain(late.code);

  await opsPost(ops, '/test/jobs/notification.phone-claims-expire/run');
  const open = await client.listPhoneTasks({ livemode: false, merchantId, status: PhoneTaskStatus.PHONE_TASK_STATUS_OPEN, pageSize: 10, pageToken: '' });
  expect(open.tasks.map((t) => t.id)).toEqual([taskId]);

  expect((await client.claimPhoneTask({ livemode: false, operatorId: 'op-next', merchantId })).task!.id).toBe(taskId);
  const stale = await rejection(client.completePhoneTask({ livemode: false, taskId, operatorId: 'op-gone', outcome: CallOutcome.CALL_OUTCOME_REACHED, note: '' }));
  expect(stale.code).toBe('phone_task_not_claimed');
});

it('records an inbound call (電話受付) as a task held by the answering operator, once per request id', async () => {
  const merchantId = `mer_in${uid()}`;
  const req = {
    livemode: false, requestId: `call-${uid()}`, merchantId, operatorId: 'op-in', callerName: '佐藤 花子', callerPhone: '090-8765-4321',
    reference: 'rcp_in_1', amount: 12_000, kind: notificationV1.MessageKind.MESSAGE_KIND_REMITTANCE_INVITATION,
  };
  const first = await client.recordInboundCall(req);
  expect(first.replayed).toBe(false);
  expect(first.task).toMatchObject({
    direction: notificationV1.PhoneTaskDirection.PHONE_TASK_DIRECTION_INBOUND, status: PhoneTaskStatus.PHONE_TASK_STATUS_CLAIMED,
    claimedBy: 'op-in', recipientName: '佐藤 花子', phone: '090-8765-4321', reference: 'rcp_in_1', amount: 12_000, messageId: '',
  });
  // a retry records nothing new; the same id for another call is refused
  const again = await client.recordInboundCall(req);
  expect(again).toMatchObject({ replayed: true, task: { id: first.task!.id } });
  expect((await rejection(client.recordInboundCall({ ...req, reference: 'rcp_other' }))).code).toBe('idempotency_key_reused');
  // the call is the same call whoever typed it in and however the name was spelt
  expect(await client.recordInboundCall({ ...req, operatorId: 'op-typist', callerName: 'サトウ ハナコ' })).toMatchObject({ replayed: true, task: { id: first.task!.id, claimedBy: 'op-in' } });
  // request ids of sends and of inbound calls are separate: the same id is no conflict
  expect((await client.send(sendRequest({ requestId: req.requestId, merchantId }))).replayed).toBe(false);
  // nobody else can take it while the operator is on the line
  expect((await client.claimPhoneTask({ livemode: false, operatorId: 'op-other', merchantId })).task).toBeUndefined();

  const done = await client.completePhoneTask({ livemode: false, taskId: first.task!.id, operatorId: 'op-in', outcome: CallOutcome.CALL_OUTCOME_REGISTERED_BY_PHONE, note: '口座を電話で登録' });
  expect(done.task).toMatchObject({ status: PhoneTaskStatus.PHONE_TASK_STATUS_COMPLETED, attempts: 1, outcome: CallOutcome.CALL_OUTCOME_REGISTERED_BY_PHONE });
  expect(await outboxTypes(ctx.services.notification.databaseUrl, first.task!.id)).toEqual(['notification.phone_task.completed']);
});

it('names the missing fields of an inbound call', async () => {
  const err = await rejection(client.recordInboundCall({ livemode: false, requestId: '', merchantId: '', operatorId: '', callerName: '', callerPhone: 'call me', reference: '', amount: -1, kind: 0 }));
  expect(err.fieldViolations.map((v) => v.field)).toEqual(expect.arrayContaining(['request_id', 'merchant_id', 'operator_id', 'caller_phone', 'amount']));
});

it('pages through phone tasks with the platform page sizes', async () => {
  const merchantId = `mer_pg${uid()}`;
  const ids = await queue(merchantId, 3);
  const first = await client.listPhoneTasks({ livemode: false, merchantId, status: PhoneTaskStatus.PHONE_TASK_STATUS_UNSPECIFIED, pageSize: 2, pageToken: '' });
  expect(first.tasks.map((t) => t.id)).toEqual([...ids].sort().slice(0, 2));
  const second = await client.listPhoneTasks({ livemode: false, merchantId, status: PhoneTaskStatus.PHONE_TASK_STATUS_UNSPECIFIED, pageSize: 2, pageToken: first.nextPageToken });
  expect(second.tasks.map((t) => t.id)).toEqual([...ids].sort().slice(2));
  expect(second.nextPageToken).toBe('');
  const tooBig = await rejection(client.listPhoneTasks({ livemode: false, merchantId, status: PhoneTaskStatus.PHONE_TASK_STATUS_UNSPECIFIED, pageSize: 101, pageToken: '' }));
  expect(tooBig.fieldViolations.map((v) => v.field)).toEqual(['page_size']);
});

import { notificationEventsV1 } from '@kessai/contracts';
import { ConflictError, DomainEvent, newId, NotFoundError, returnedRows, ValidationError, yenFromDb } from '@kessai/platform';
import type { MessageKind } from '../domain/channels';
import { applyOutcome, CallOutcome, PhoneTaskStatus } from '../domain/phone';
import type { NotificationDeps } from './deps';
import type { MessagePayload } from './messages';

export interface PhoneAttemptView {
  number: number;
  operatorId: string;
  outcome: CallOutcome;
  note: string;
  at: Date;
}

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
 * Hands the operator the next due task: an open task whose time has come, or
 * one whose claim lapsed. `FOR UPDATE SKIP LOCKED` makes concurrent claims
 * pick different tasks. An operator who already holds a live claim gets that
 * task again (one task per operator at a time).
 */
export async function claimPhoneTask(deps: NotificationDeps, input: { livemode: boolean; operatorId: string; merchantId: string }): Promise<PhoneTaskView | undefined> {
  if (!input.operatorId) throw ValidationError.field('operator_id', 'required');
  const now = deps.clock.now();
  const held = await deps.dataSource.query(
    `SELECT * FROM notification.phone_tasks WHERE livemode = $1 AND status = 'claimed' AND claimed_by = $2 AND claim_expires_at > $3 AND ($4 = '' OR merchant_id = $4) LIMIT 1`,
    [input.livemode, input.operatorId, now.toISOString(), input.merchantId],
  );
  if (held.length > 0) return withHistory(deps, held[0]);
  const rows = returnedRows(await deps.dataSource.query(
    `WITH next AS (
       SELECT id FROM notification.phone_tasks
        WHERE livemode = $1 AND ($2 = '' OR merchant_id = $2) AND due_at <= $3
          AND (status = 'open' OR (status = 'claimed' AND claim_expires_at <= $3))
        ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     UPDATE notification.phone_tasks t SET status = 'claimed', claimed_by = $4, claimed_at = $3, claim_expires_at = $5, updated_at = $3
       FROM next WHERE t.id = next.id RETURNING t.*`,
    [input.livemode, input.merchantId, now.toISOString(), input.operatorId, new Date(now.getTime() + deps.settings.phoneClaimTtlMs).toISOString()],
  ));
  if (rows.length === 0) return undefined;
  deps.logger.info({ task_id: rows[0].id, operator_id: input.operatorId }, 'phone task claimed');
  return withHistory(deps, rows[0]);
}

/**
 * Records a call on a task the operator holds. A call-back puts the task back
 * in the queue at the agreed time; any other outcome completes it, with a
 * `notification.phone_task.completed` event (the recipient was handled: a
 * billable item) and the message's own sent/failed event.
 */
export async function completePhoneTask(
  deps: NotificationDeps,
  input: { livemode: boolean; taskId: string; operatorId: string; outcome: CallOutcome | undefined; callbackAt?: Date; note: string },
): Promise<PhoneTaskView> {
  if (!input.taskId) throw ValidationError.field('task_id', 'required');
  const row = await deps.dataSource.transaction(async (tx) => {
    const q = tx.queryRunner!;
    const now = deps.clock.now();
    const found = await q.query(`SELECT * FROM notification.phone_tasks WHERE id = $1 AND livemode = $2 FOR UPDATE`, [input.taskId, input.livemode]);
    if (found.length === 0) throw new NotFoundError('phone_task', input.taskId);
    const task = found[0];
    const change = applyOutcome(
      { id: task.id, status: task.status, claimedBy: task.claimed_by, claimExpiresAt: task.claim_expires_at ? new Date(task.claim_expires_at) : null, attempts: task.attempts },
      input,
      now,
    );
    await q.query(`INSERT INTO notification.phone_attempts (task_id, number, operator_id, outcome, note, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      task.id,
      change.attempts,
      input.operatorId,
      input.outcome,
      input.note.slice(0, 2_000),
      now.toISOString(),
    ]);
    if (change.status === 'open') {
      const [updated] = returnedRows(await q.query(
        `UPDATE notification.phone_tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL, claim_expires_at = NULL, due_at = $2, attempts = $3, updated_at = $4
          WHERE id = $1 RETURNING *`,
        [task.id, change.dueAt.toISOString(), change.attempts, now.toISOString()],
      ));
      return updated;
    }
    const [updated] = returnedRows(await q.query(
      `UPDATE notification.phone_tasks SET status = 'completed', claimed_by = NULL, claim_expires_at = NULL, outcome = $2, attempts = $3, completed_at = $4, updated_at = $4
        WHERE id = $1 RETURNING *`,
      [task.id, change.outcome, change.attempts, now.toISOString()],
    ));
    const [message] = returnedRows<Record<string, string>>(await q.query(
      `UPDATE notification.messages SET status = $2, attempts = $3, last_error = $4, updated_at = $5 WHERE id = $1 RETURNING id, request_id, kind, reference`,
      [task.message_id, change.reached ? 'sent' : 'failed', change.attempts, change.reached ? null : change.outcome, now.toISOString()],
    ));
    const ev = (type: string, payloadType: string, payload: Uint8Array): DomainEvent => ({
      type, aggregateId: type.startsWith('notification.phone_task') ? task.id : (task.message_id ?? task.id), merchantId: task.merchant_id, livemode: task.livemode, occurredAt: now, payloadType, payload,
    });
    const events: DomainEvent[] = [
      ev('notification.phone_task.completed', 'kessai.notification.events.v1.PhoneTaskCompleted',
        notificationEventsV1.PhoneTaskCompleted.encode({
          taskId: task.id, messageId: task.message_id ?? '', reference: task.reference, direction: task.direction, outcome: change.outcome,
          attempts: change.attempts, operatorId: input.operatorId, completedAt: now,
        }).finish()),
    ];
    if (message) {
      events.push(
        change.reached
          ? ev('notification.message.sent', 'kessai.notification.events.v1.MessageSent',
              notificationEventsV1.MessageSent.encode({ messageId: message.id, requestId: message.request_id, kind: message.kind, channel: 'phone', reference: message.reference, attempts: change.attempts, sentAt: now }).finish())
          : ev('notification.message.failed', 'kessai.notification.events.v1.MessageFailed',
              notificationEventsV1.MessageFailed.encode({ messageId: message.id, requestId: message.request_id, kind: message.kind, channel: 'phone', reference: message.reference, attempts: change.attempts, reason: change.outcome, permanent: true }).finish()),
      );
    }
    await deps.outbox.add(q, events);
    return updated;
  });
  deps.eventsCommitted();
  deps.logger.info({ task_id: input.taskId, operator_id: input.operatorId, outcome: input.outcome }, 'phone call recorded');
  return withHistory(deps, row);
}

/**
 * Phone reception (電話受付): a recipient called in. The operator who answered
 * records the call; it becomes an inbound task already claimed by them, which
 * they finish with completePhoneTask like any other (billable once handled).
 * Idempotent by request id.
 */
export async function recordInboundCall(
  deps: NotificationDeps,
  input: { livemode: boolean; requestId: string; merchantId: string; operatorId: string; callerName: string; callerPhone: string; reference: string; amount: number; kind: MessageKind | undefined },
): Promise<{ task: PhoneTaskView; replayed: boolean }> {
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
    const now = deps.clock.now();
    const claimExpires = new Date(now.getTime() + deps.settings.phoneClaimTtlMs);
    const inserted = await q.query(
      `INSERT INTO notification.phone_tasks (id, livemode, merchant_id, message_id, request_id, direction, status, kind, reference, amount, payload,
                                             claimed_by, claimed_at, claim_expires_at, due_at, created_at, updated_at)
       VALUES ($1, $2, $3, NULL, $4, 'inbound', 'claimed', $5, $6, $7, $8, $9, $10, $11, $10, $10, $10)
       ON CONFLICT (livemode, request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING *`,
      [newId('ptk', now.getTime()), input.livemode, input.merchantId, input.requestId, input.kind ?? 'test', input.reference, input.amount,
        JSON.stringify(payload), input.operatorId, now.toISOString(), claimExpires.toISOString()],
    );
    if (inserted.length > 0) return { row: inserted[0] as Record<string, unknown>, replayed: false };
    const [prior] = await q.query(`SELECT * FROM notification.phone_tasks WHERE livemode = $1 AND request_id = $2`, [input.livemode, input.requestId]);
    const same = prior.merchant_id === input.merchantId && prior.reference === input.reference && Number(prior.amount) === input.amount
      && (prior.payload as MessagePayload).recipient.phone === input.callerPhone;
    if (!same) throw new ConflictError('request_id_reused', `request id "${input.requestId}" was already used for another call`);
    return { row: prior as Record<string, unknown>, replayed: true };
  });
  if (!result.replayed) deps.logger.info({ operator_id: input.operatorId, merchant_id: input.merchantId }, 'inbound call recorded');
  return { task: await withHistory(deps, result.row), replayed: result.replayed };
}

export async function listPhoneTasks(
  deps: NotificationDeps,
  input: { livemode: boolean; merchantId: string; status?: PhoneTaskStatus; pageSize: number; pageToken: string },
): Promise<{ tasks: PhoneTaskView[]; nextPageToken: string }> {
  const size = Math.min(Math.max(input.pageSize || 50, 1), 500);
  const rows = await deps.dataSource.query(
    `SELECT * FROM notification.phone_tasks
      WHERE livemode = $1 AND ($2 = '' OR merchant_id = $2) AND ($3 = '' OR status = $3) AND ($4 = '' OR id > $4)
      ORDER BY id LIMIT $5`,
    [input.livemode, input.merchantId, input.status ?? '', input.pageToken, size + 1],
  );
  const page = rows.slice(0, size);
  const tasks = await Promise.all(page.map((r: Record<string, unknown>) => withHistory(deps, r)));
  return { tasks, nextPageToken: rows.length > size ? (page[page.length - 1].id as string) : '' };
}

/** Returns lapsed claims to the queue (they are claimable anyway; this keeps listings truthful). */
export async function expirePhoneClaims(deps: NotificationDeps): Promise<number> {
  const now = deps.clock.now().toISOString();
  const rows = returnedRows(await deps.dataSource.query(
    `UPDATE notification.phone_tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL, claim_expires_at = NULL, updated_at = $1
      WHERE status = 'claimed' AND claim_expires_at <= $1 RETURNING id`,
    [now],
  ));
  return rows.length;
}

async function withHistory(deps: NotificationDeps, r: Record<string, unknown>): Promise<PhoneTaskView> {
  const attempts = await deps.dataSource.query(`SELECT * FROM notification.phone_attempts WHERE task_id = $1 ORDER BY number`, [r.id]);
  const payload = r.payload as MessagePayload;
  return {
    id: r.id as string,
    livemode: r.livemode as boolean,
    merchantId: r.merchant_id as string,
    messageId: (r.message_id as string | null) ?? '',
    direction: r.direction as 'outbound' | 'inbound',
    status: r.status as PhoneTaskStatus,
    kind: r.kind as MessageKind,
    recipientName: payload.recipient.name,
    phone: payload.recipient.phone,
    reference: r.reference as string,
    amount: yenFromDb(r.amount as string),
    variables: payload.variables,
    claimedBy: (r.claimed_by as string | null) ?? '',
    claimExpiresAt: r.claim_expires_at ? new Date(r.claim_expires_at as string) : undefined,
    dueAt: new Date(r.due_at as string),
    attempts: Number(r.attempts),
    outcome: (r.outcome as CallOutcome | null) ?? undefined,
    history: attempts.map((a: Record<string, unknown>) => ({
      number: Number(a.number),
      operatorId: a.operator_id as string,
      outcome: a.outcome as CallOutcome,
      note: a.note as string,
      at: new Date(a.at as string),
    })),
    createdAt: new Date(r.created_at as string),
    completedAt: r.completed_at ? new Date(r.completed_at as string) : undefined,
  };
}

import { returnedRows, yenFromDb } from '@kessai/platform';
import type { MessageKind } from '../domain/channels';
import type { MessagePayload } from '../domain/message';
import type { CallOutcome, PhoneTaskStatus, PhoneTaskView } from '../domain/phone';
import type { Queryable } from './queryable';

type Row = Record<string, unknown>;

/** Phone tasks (calls to make or taken) and their call attempts. */
export const phoneTasksStore = {
  /** The task for a phone message: open, due now. */
  async insertOutbound(
    q: Queryable,
    t: { id: string; livemode: boolean; merchantId: string; messageId: string; kind: MessageKind; reference: string; amount: number; payload: MessagePayload; now: Date },
  ): Promise<void> {
    await q.query(
      `INSERT INTO notification.phone_tasks (id, livemode, merchant_id, message_id, direction, status, kind, reference, amount, payload, due_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'outbound', 'open', $5, $6, $7, $8, $9, $9, $9)`,
      [t.id, t.livemode, t.merchantId, t.messageId, t.kind, t.reference, t.amount, JSON.stringify(t.payload), t.now.toISOString()],
    );
  },

  /** An inbound call: a task without a message, already claimed by the operator who answered. */
  async insertInbound(
    q: Queryable,
    t: { id: string; livemode: boolean; merchantId: string; requestId: string; kind: MessageKind; reference: string; amount: number; payload: MessagePayload; operatorId: string; now: Date; claimExpiresAt: Date },
  ): Promise<void> {
    await q.query(
      `INSERT INTO notification.phone_tasks (id, livemode, merchant_id, message_id, request_id, direction, status, kind, reference, amount, payload,
                                             claimed_by, claimed_at, claim_expires_at, due_at, created_at, updated_at)
       VALUES ($1, $2, $3, NULL, $4, 'inbound', 'claimed', $5, $6, $7, $8, $9, $10, $11, $10, $10, $10)`,
      [t.id, t.livemode, t.merchantId, t.requestId, t.kind, t.reference, t.amount, JSON.stringify(t.payload), t.operatorId, t.now.toISOString(), t.claimExpiresAt.toISOString()],
    );
  },

  async find(q: Queryable, id: string): Promise<PhoneTaskView | undefined> {
    const rows = await q.query(`SELECT * FROM notification.phone_tasks WHERE id = $1`, [id]);
    return rows.length ? withHistory(q, rows[0]) : undefined;
  },

  /** The task locked until the transaction ends. */
  async lock(q: Queryable, livemode: boolean, id: string): Promise<PhoneTaskView | undefined> {
    const rows = await q.query(`SELECT * FROM notification.phone_tasks WHERE id = $1 AND livemode = $2 FOR UPDATE`, [id, livemode]);
    return rows.length ? withHistory(q, rows[0]) : undefined;
  },

  /** A live claim the operator already holds. */
  async heldClaim(q: Queryable, livemode: boolean, operatorId: string, merchantId: string, now: Date): Promise<PhoneTaskView | undefined> {
    const rows = await q.query(
      `SELECT * FROM notification.phone_tasks WHERE livemode = $1 AND status = 'claimed' AND claimed_by = $2 AND claim_expires_at > $3 AND ($4 = '' OR merchant_id = $4) LIMIT 1`,
      [livemode, operatorId, now.toISOString(), merchantId],
    );
    return rows.length ? withHistory(q, rows[0]) : undefined;
  },

  /** Claims the next due task (open, or with a lapsed claim); `SKIP LOCKED` makes concurrent claims pick different tasks. */
  async claimNext(q: Queryable, livemode: boolean, merchantId: string, operatorId: string, now: Date, claimExpiresAt: Date): Promise<PhoneTaskView | undefined> {
    const rows = returnedRows(await q.query(
      `WITH next AS (
         SELECT id FROM notification.phone_tasks
          WHERE livemode = $1 AND ($2 = '' OR merchant_id = $2) AND due_at <= $3
            AND (status = 'open' OR (status = 'claimed' AND claim_expires_at <= $3))
          ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE notification.phone_tasks t SET status = 'claimed', claimed_by = $4, claimed_at = $3, claim_expires_at = $5, updated_at = $3
         FROM next WHERE t.id = next.id RETURNING t.*`,
      [livemode, merchantId, now.toISOString(), operatorId, claimExpiresAt.toISOString()],
    ));
    return rows.length ? withHistory(q, rows[0]) : undefined;
  },

  async addAttempt(q: Queryable, a: { taskId: string; number: number; operatorId: string; outcome: CallOutcome; note: string; at: Date }): Promise<void> {
    await q.query(`INSERT INTO notification.phone_attempts (task_id, number, operator_id, outcome, note, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      a.taskId,
      a.number,
      a.operatorId,
      a.outcome,
      a.note,
      a.at.toISOString(),
    ]);
  },

  /** Back in the queue at `dueAt` (a call-back), unclaimed. */
  async reopen(q: Queryable, id: string, dueAt: Date, attempts: number, now: Date): Promise<PhoneTaskView> {
    const [row] = returnedRows(await q.query(
      `UPDATE notification.phone_tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL, claim_expires_at = NULL, due_at = $2, attempts = $3, updated_at = $4
        WHERE id = $1 RETURNING *`,
      [id, dueAt.toISOString(), attempts, now.toISOString()],
    ));
    return withHistory(q, row);
  },

  async complete(q: Queryable, id: string, outcome: CallOutcome, attempts: number, now: Date): Promise<PhoneTaskView> {
    const [row] = returnedRows(await q.query(
      `UPDATE notification.phone_tasks SET status = 'completed', claimed_by = NULL, claim_expires_at = NULL, outcome = $2, attempts = $3, completed_at = $4, updated_at = $4
        WHERE id = $1 RETURNING *`,
      [id, outcome, attempts, now.toISOString()],
    ));
    return withHistory(q, row);
  },

  /** Up to `limit` tasks after `afterId`, in id order. */
  async list(q: Queryable, f: { livemode: boolean; merchantId: string; status?: PhoneTaskStatus; afterId: string; limit: number }): Promise<PhoneTaskView[]> {
    const rows = await q.query(
      `SELECT * FROM notification.phone_tasks
        WHERE livemode = $1 AND ($2 = '' OR merchant_id = $2) AND ($3 = '' OR status = $3) AND ($4 = '' OR id > $4)
        ORDER BY id LIMIT $5`,
      [f.livemode, f.merchantId, f.status ?? '', f.afterId, f.limit],
    );
    return Promise.all(rows.map((r: Row) => withHistory(q, r)));
  },

  /** Returns lapsed claims to the queue; how many. */
  async expireClaims(q: Queryable, now: Date): Promise<number> {
    const rows = returnedRows(await q.query(
      `UPDATE notification.phone_tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL, claim_expires_at = NULL, updated_at = $1
        WHERE status = 'claimed' AND claim_expires_at <= $1 RETURNING id`,
      [now.toISOString()],
    ));
    return rows.length;
  },
};

async function withHistory(q: Queryable, r: Row): Promise<PhoneTaskView> {
  const attempts = await q.query(`SELECT * FROM notification.phone_attempts WHERE task_id = $1 ORDER BY number`, [r.id]);
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
    history: attempts.map((a: Row) => ({
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

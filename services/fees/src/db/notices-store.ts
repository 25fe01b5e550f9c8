import type { Queryable } from './queryable';

/** Whether a statement's notice went out (schema `fees`). */
export const noticesStore = {
  async markNotified(q: Queryable, statementId: string, at: Date): Promise<void> {
    await q.query(`UPDATE statements SET notified_at = coalesce(notified_at, $2) WHERE id = $1`, [statementId, at]);
  },
};

import type { Queryable } from './queryable';

/** Registration sessions and the per-address attempt log. */
export const registrationStore = {
  async insertSession(q: Queryable, s: { id: string; recipientId: string; contactRound: number; expiresAt: Date; createdAt: Date }): Promise<void> {
    await q.query(`INSERT INTO remittance.registration_sessions (id, recipient_id, contact_round, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      s.id, s.recipientId, s.contactRound, s.expiresAt, s.createdAt,
    ]);
  },

  async session(q: Queryable, id: string): Promise<{ recipientId: string; contactRound: number; expiresAt: Date } | undefined> {
    const rows: { recipient_id: string; contact_round: number; expires_at: Date }[] = await q.query(
      `SELECT recipient_id, contact_round, expires_at FROM remittance.registration_sessions WHERE id = $1`,
      [id],
    );
    return rows[0] ? { recipientId: rows[0].recipient_id, contactRound: rows[0].contact_round, expiresAt: rows[0].expires_at } : undefined;
  },

  /** Serialises attempts of one address (so 60 an hour is 60, even in parallel). */
  async lockAddress(q: Queryable, address: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('remittance.code_attempts'), hashtext($1))`, [address]);
  },

  async attemptsSince(q: Queryable, address: string, since: Date): Promise<number> {
    const rows: { n: number }[] = await q.query(`SELECT count(*)::int AS n FROM remittance.code_attempts WHERE client_address = $1 AND attempted_at > $2`, [address, since]);
    return rows[0].n;
  },

  async recordAttempt(q: Queryable, address: string, at: Date, ok: boolean): Promise<void> {
    await q.query(`INSERT INTO remittance.code_attempts (client_address, attempted_at, ok) VALUES ($1, $2, $3)`, [address, at, ok]);
  },

  async pruneAttempts(q: Queryable, before: Date): Promise<void> {
    await q.query(`DELETE FROM remittance.code_attempts WHERE attempted_at < $1`, [before]);
    await q.query(`DELETE FROM remittance.registration_sessions WHERE expires_at < $1`, [before]);
  },
};

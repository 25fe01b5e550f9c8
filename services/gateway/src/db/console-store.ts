import type { DataSource } from '@kessai/platform';
import type { AuditEntry, ConsoleSession, ConsoleUser } from '../domain/console/user';
import type { Merchant } from '../domain/merchant';
import type { Queryable } from './merchant-store';

const USER_COLS = 'id, merchant_id, login_id, name, email, role, failed_attempts, locked_until, totp_enabled, created_at, disabled_at';
const SESSION_COLS = 'id, user_id, acting_merchant_id, livemode, csrf_token, mfa_pending, created_at, last_seen_at, ended_at';
const AUDIT_COLS = 'id, merchant_id, user_id, login_id, action, target, detail, livemode, created_at';

export interface UserSecrets {
  password_hash: string;
  totp_secret: string | null;
}

/** The console's tables (migration 1764900001000): users, sessions, reset tokens, audit log. */
export class ConsoleStore {
  constructor(private readonly db: DataSource) {}

  async insertUser(user: ConsoleUser, passwordHash: string, tx: Queryable = this.db): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO console_users (${USER_COLS}, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (login_id) DO NOTHING RETURNING 1`,
      [user.id, user.merchant_id, user.login_id, user.name, user.email, user.role, user.failed_attempts, user.locked_until, user.totp_enabled, user.created_at, user.disabled_at, passwordHash],
    );
    return rows.length > 0;
  }

  async userById(id: string): Promise<ConsoleUser | null> {
    const rows: ConsoleUser[] = await this.db.query(`SELECT ${USER_COLS} FROM console_users WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async userByLogin(loginId: string): Promise<(ConsoleUser & UserSecrets) | null> {
    const rows: (ConsoleUser & UserSecrets)[] = await this.db.query(`SELECT ${USER_COLS}, password_hash, totp_secret FROM console_users WHERE login_id = $1`, [loginId]);
    return rows[0] ?? null;
  }

  async secretsOf(id: string): Promise<UserSecrets | null> {
    const rows: UserSecrets[] = await this.db.query(`SELECT password_hash, totp_secret FROM console_users WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async listUsers(merchantId: string): Promise<ConsoleUser[]> {
    return this.db.query(`SELECT ${USER_COLS} FROM console_users WHERE merchant_id = $1 ORDER BY id`, [merchantId]);
  }

  async countUsers(merchantId: string): Promise<number> {
    const rows: { n: string }[] = await this.db.query(`SELECT count(*) AS n FROM console_users WHERE merchant_id = $1`, [merchantId]);
    return Number(rows[0].n);
  }

  async setLockState(id: string, failedAttempts: number, lockedUntil: Date | null): Promise<void> {
    await this.db.query(`UPDATE console_users SET failed_attempts = $2, locked_until = $3 WHERE id = $1`, [id, failedAttempts, lockedUntil]);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.query(`UPDATE console_users SET password_hash = $2, failed_attempts = 0, locked_until = NULL WHERE id = $1`, [id, passwordHash]);
  }

  async setTotp(id: string, secret: string | null, enabled: boolean): Promise<void> {
    await this.db.query(`UPDATE console_users SET totp_secret = $2, totp_enabled = $3 WHERE id = $1`, [id, secret, enabled]);
  }

  async setRole(id: string, role: string): Promise<ConsoleUser | null> {
    const rows: ConsoleUser[] = await this.db.query(`WITH u AS (UPDATE console_users SET role = $2 WHERE id = $1 RETURNING ${USER_COLS}) SELECT * FROM u`, [id, role]);
    return rows[0] ?? null;
  }

  async setDisabled(id: string, at: Date | null): Promise<ConsoleUser | null> {
    const rows: ConsoleUser[] = await this.db.query(`WITH u AS (UPDATE console_users SET disabled_at = $2 WHERE id = $1 RETURNING ${USER_COLS}) SELECT * FROM u`, [id, at]);
    return rows[0] ?? null;
  }

  async insertSession(s: ConsoleSession, tokenHash: string): Promise<void> {
    await this.db.query(`INSERT INTO console_sessions (${SESSION_COLS}, token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
      s.id, s.user_id, s.acting_merchant_id, s.livemode, s.csrf_token, s.mfa_pending, s.created_at, s.last_seen_at, s.ended_at, tokenHash,
    ]);
  }

  async sessionByToken(tokenHash: string): Promise<ConsoleSession | null> {
    const rows: ConsoleSession[] = await this.db.query(`SELECT ${SESSION_COLS} FROM console_sessions WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE console_sessions SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1`, [id, at]);
  }

  async updateSession(id: string, changes: { acting_merchant_id?: string; livemode?: boolean; mfa_pending?: boolean }): Promise<void> {
    await this.db.query(
      `UPDATE console_sessions SET acting_merchant_id = COALESCE($2, acting_merchant_id), livemode = COALESCE($3, livemode), mfa_pending = COALESCE($4, mfa_pending) WHERE id = $1`,
      [id, changes.acting_merchant_id ?? null, changes.livemode ?? null, changes.mfa_pending ?? null],
    );
  }

  async endSession(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE console_sessions SET ended_at = COALESCE(ended_at, $2) WHERE id = $1`, [id, at]);
  }

  async endUserSessions(userId: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE console_sessions SET ended_at = COALESCE(ended_at, $2) WHERE user_id = $1`, [userId, at]);
  }

  async insertReset(tokenHash: string, userId: string, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.db.query(`INSERT INTO console_password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [tokenHash, userId, createdAt, expiresAt]);
  }

  /** Marks a live reset token used and returns its user, atomically (a token works once). */
  async useReset(tokenHash: string, now: Date): Promise<string | null> {
    const rows: { user_id: string }[] = await this.db.query(
      // (a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count])
      `WITH u AS (UPDATE console_password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id) SELECT user_id FROM u`,
      [tokenHash, now],
    );
    return rows[0]?.user_id ?? null;
  }

  /** The user of a reset token that is neither used nor expired. */
  async liveReset(tokenHash: string, now: Date): Promise<string | null> {
    const rows: { user_id: string }[] = await this.db.query(`SELECT user_id FROM console_password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, [tokenHash, now]);
    return rows[0]?.user_id ?? null;
  }

  async insertAudit(e: AuditEntry): Promise<void> {
    await this.db.query(`INSERT INTO console_audit (${AUDIT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
      e.id, e.merchant_id, e.user_id, e.login_id, e.action, e.target, JSON.stringify(e.detail), e.livemode, e.created_at,
    ]);
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async listAudit(merchantIds: string[], limit: number, before?: string): Promise<AuditEntry[]> {
    return this.db.query(
      `SELECT ${AUDIT_COLS} FROM console_audit WHERE merchant_id = ANY($1::text[]) AND ($2::text IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [merchantIds, before ?? null, limit],
    );
  }

  async tenantsOf(ownerId: string): Promise<Pick<Merchant, 'id' | 'name'>[]> {
    return this.db.query(`SELECT id, name FROM merchants WHERE owner_id = $1 ORDER BY name, id LIMIT 200`, [ownerId]);
  }
}

import type { Role } from './roles';

/** A console user (a merchant's staff member), without secrets. */
export interface ConsoleUser {
  id: string;
  merchant_id: string;
  login_id: string;
  name: string;
  email: string;
  role: Role;
  failed_attempts: number;
  locked_until: Date | null;
  totp_enabled: boolean;
  created_at: Date;
  disabled_at: Date | null;
}

/** A signed-in session (the cookie holds a token; only its hash is stored). */
export interface ConsoleSession {
  id: string;
  user_id: string;
  acting_merchant_id: string;
  livemode: boolean;
  csrf_token: string;
  mfa_pending: boolean;
  created_at: Date;
  last_seen_at: Date;
  ended_at: Date | null;
}

export interface AuditEntry {
  id: string;
  merchant_id: string;
  user_id: string | null;
  login_id: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  livemode: boolean;
  created_at: Date;
}

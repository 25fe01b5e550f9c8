import type { FileDefect } from './types';

/**
 * Every failure of a call to a partner bank. `status` 0 means no answer
 * (network failure or timeout) after every retry. `code` is the bank's error
 * code (e.g. `invalid_file`, `duplicate_file`, `signature_bad_signature`) or
 * `network_error` / `timeout` / `bad_response`.
 */
export class PartnerBankError extends Error {
  override readonly name = 'PartnerBankError';

  constructor(
    readonly partner: string,
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { defects?: readonly FileDefect[]; existingFileId?: string; retryAfterSeconds?: number; attempts: number },
  ) {
    super(`${partner} ${operation}: ${status === 0 ? '' : `${status} `}${code}: ${message}`);
  }

  /** The bank refused the file; `defects` lists every defect it found. */
  get defects(): readonly FileDefect[] {
    return this.details.defects ?? [];
  }

  /** Worth trying again at once (no answer or a 5xx), as opposed to a refusal; a maintenance window is waited out, not retried. */
  get retryable(): boolean {
    return this.code !== 'maintenance' && (this.status === 0 || this.status >= 500);
  }

  /** The bank is in its maintenance window (nothing was done); try again after `retryAfterSeconds`. */
  get maintenance(): boolean {
    return this.code === 'maintenance';
  }

  get retryAfterSeconds(): number | undefined {
    return this.details.retryAfterSeconds;
  }
}

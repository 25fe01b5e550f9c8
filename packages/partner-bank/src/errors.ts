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
    readonly details: { defects?: readonly FileDefect[]; existingFileId?: string; attempts: number },
  ) {
    super(`${partner} ${operation}: ${status === 0 ? '' : `${status} `}${code}: ${message}`);
  }

  /** The bank refused the file; `defects` lists every defect it found. */
  get defects(): readonly FileDefect[] {
    return this.details.defects ?? [];
  }

  /** Worth trying again later (no answer or a 5xx), as opposed to a refusal. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

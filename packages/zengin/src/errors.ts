/** One defect found in an input: the field it is in, a stable code and a sentence for people. */
export interface ZenginIssue {
  /** The input field, e.g. `branch_code`, `payee_name`, `banks[2].code`. */
  readonly field: string;
  readonly code: ZenginErrorCode;
  readonly message: string;
  /** 1-based position of the offending character in the field, when there is one. */
  readonly position?: number;
  /** 1-based record number in a Zengin file, when the defect is in a file. */
  readonly record?: number;
}

export type ZenginErrorCode =
  | 'required'
  | 'invalid_format'
  | 'invalid_value'
  | 'invalid_character'
  | 'too_long'
  | 'unknown_bank'
  | 'unknown_branch'
  | 'invalid_override'
  | 'invalid_record_length'
  | 'invalid_line_ending'
  | 'invalid_byte'
  | 'record_order'
  | 'trailer_mismatch'
  | 'invalid_date'
  | 'unsupported';

/**
 * Thrown by every function of this package for input it refuses. `issues` lists every
 * defect found (a file reader reports all of them at once); the message names the first few.
 */
export class ZenginError extends RangeError {
  override readonly name = 'ZenginError';

  constructor(readonly issues: readonly ZenginIssue[]) {
    super(summarise(issues));
  }

  /** The code of the first issue (most errors carry exactly one). */
  get code(): ZenginErrorCode {
    return this.issues[0]?.code ?? 'invalid_value';
  }

  /** The field of the first issue. */
  get field(): string {
    return this.issues[0]?.field ?? '';
  }

  static of(field: string, code: ZenginErrorCode, message: string, extra: { position?: number; record?: number } = {}): ZenginError {
    return new ZenginError([{ field, code, message, ...extra }]);
  }
}

function summarise(issues: readonly ZenginIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => (i.record === undefined ? '' : `record ${i.record}: `) + `${i.field}: ${i.message}`);
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return shown.join('; ') + more;
}

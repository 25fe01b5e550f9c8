/**
 * The parameters of one SQL statement built from parts that each add their
 * own values (a command's claim, a row, its events): `add(v)` answers v's
 * placeholder (`$n`), `values` is what to pass with the statement.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Whether a failed statement broke a unique constraint, and which one (`constraint`, when given). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } } | null;
  const code = e?.driverError?.code ?? e?.code;
  const name = e?.driverError?.constraint ?? e?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

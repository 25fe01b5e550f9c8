import { addCalendarDays } from '@kessai/bank-calendar';

/**
 * Personal data of a debit customer is erased 10 years after its last debit
 * or the end of its last mandate, whichever is later; debit records are kept
 * (docs/reference/legal.md, transaction records 10 years).
 */
export const RETENTION_YEARS = 10;

/** The Tokyo date from which `lastActivityOn` (YYYY-MM-DD) is out of retention. */
export function erasableFrom(lastActivityOn: string): string {
  const [y, m, d] = lastActivityOn.split('-').map(Number);
  const target = `${String(y + RETENTION_YEARS).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // 29 February → 1 March of a year without one
  return m === 2 && d === 29 && !isLeap(y + RETENTION_YEARS) ? addCalendarDays(`${target.slice(0, 8)}28`, 1) : target;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export const ERASED = '(erased)';

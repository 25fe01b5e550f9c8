import { type IsoDate, addCalendarDays, bankHolidayReason, parseIsoDate } from '@kessai/bank-calendar';
import { ZenginError } from '../errors';

/** How far ahead of its creation date a file may be dated. */
export const MAX_DAYS_AHEAD = 30;

/**
 * Why a file date is refused, or null: it must be on or after the creation date, at most
 * 30 days later, and a bank business day.
 */
export function fileDateProblem(date: IsoDate, createdOn: IsoDate): string | null {
  if (date < createdOn) return `${date} is before the file's creation date ${createdOn}`;
  const latest = addCalendarDays(createdOn, MAX_DAYS_AHEAD);
  if (date > latest) return `${date} is more than ${MAX_DAYS_AHEAD} days after the file's creation date ${createdOn}`;
  const holiday = bankHolidayReason(date);
  if (holiday !== null) return `${date} is not a bank business day (${holiday.kind === 'national_holiday' ? holiday.name : holiday.kind})`;
  return null;
}

/** Checks a date given to a writer; returns MMDD. */
export function fileDateField(date: unknown, createdOn: unknown, field: string): string {
  const created = isoOrThrow(createdOn, 'created_on');
  const d = isoOrThrow(date, field);
  const problem = fileDateProblem(d, created);
  if (problem !== null) throw ZenginError.of(field, 'invalid_date', problem);
  return d.slice(5, 7) + d.slice(8, 10);
}

function isoOrThrow(value: unknown, field: string): IsoDate {
  try {
    return parseIsoDate(String(value));
  } catch (err) {
    throw ZenginError.of(field, 'invalid_date', `must be a date YYYY-MM-DD: ${(err as Error).message}`);
  }
}

export function checkCreatedOn(createdOn: unknown): IsoDate {
  return isoOrThrow(createdOn, 'created_on');
}

/**
 * The date an MMDD field means: the first such calendar date on or after the creation date
 * (0229 is the next 29 February). Returns a reason instead when MMDD is no date at all.
 */
export function resolveMmdd(mmdd: string, createdOn: IsoDate): IsoDate | string {
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(2, 4));
  if (month < 1 || month > 12 || day < 1 || day > 31) return `${mmdd} is not a month and day (MMDD)`;
  const year = Number(createdOn.slice(0, 4));
  for (let y = year; y <= year + 8; y++) {
    const candidate = `${y}-${mmdd.slice(0, 2)}-${mmdd.slice(2, 4)}`;
    let valid: IsoDate;
    try {
      valid = parseIsoDate(candidate);
    } catch {
      continue; // 0229 in a common year, 0431 …
    }
    if (valid >= createdOn) return valid;
  }
  return `${mmdd} is not a month and day (MMDD)`;
}

/**
 * Plain calendar dates ('YYYY-MM-DD') and their conversion from instants in
 * Asia/Tokyo.
 *
 * All arithmetic is done on "day numbers" (whole days since 1970-01-01) with
 * UTC-only Date APIs, so nothing here depends on the process time zone (TZ).
 */

/** A calendar date written as an ISO 8601 string, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** First date the calendar supports (the holiday data starts here). */
export const MIN_SUPPORTED_DATE: IsoDate = '1970-01-01';
/** Last date the calendar supports (the holiday data ends in 2050). */
export const MAX_SUPPORTED_DATE: IsoDate = '2050-12-31';

export type BankCalendarErrorCode = 'INVALID_FORMAT' | 'INVALID_DATE' | 'OUT_OF_RANGE' | 'INVALID_ARGUMENT';

/** Thrown for malformed or impossible dates, dates outside 1970–2050 and bad arguments. */
export class BankCalendarError extends RangeError {
  override readonly name = 'BankCalendarError';

  constructor(
    readonly code: BankCalendarErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const MS_PER_DAY = 86_400_000;
/** Japan Standard Time is UTC+9 all year; Japan has not observed DST since 1951. */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of MIN_SUPPORTED_DATE (1970-01-01 is day 0). */
export const MIN_DAY = 0;
/** Day number of MAX_SUPPORTED_DATE. */
export const MAX_DAY = Date.UTC(2050, 11, 31) / MS_PER_DAY;

function outOfRange(what: string): BankCalendarError {
  return new BankCalendarError(
    'OUT_OF_RANGE',
    `${what} is outside the supported range ${MIN_SUPPORTED_DATE}..${MAX_SUPPORTED_DATE}`,
  );
}

/**
 * Validates `input` as a calendar date 'YYYY-MM-DD' between 1970-01-01 and
 * 2050-12-31 and returns it. Throws BankCalendarError (a RangeError) with code
 * INVALID_FORMAT, INVALID_DATE (e.g. '2026-02-30') or OUT_OF_RANGE.
 */
export function parseIsoDate(input: string): IsoDate {
  return fromDayNumber(toDayNumber(input));
}

/** Internal: validated day number (days since 1970-01-01) of an ISO date string. */
export function toDayNumber(input: string): number {
  if (typeof input !== 'string') {
    throw new BankCalendarError('INVALID_FORMAT', `Expected a date string 'YYYY-MM-DD', got ${typeof input}`);
  }
  const match = ISO_DATE_PATTERN.exec(input);
  if (match === null) {
    throw new BankCalendarError('INVALID_FORMAT', `Invalid date ${JSON.stringify(input)}: expected 'YYYY-MM-DD'`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new BankCalendarError('INVALID_DATE', `Invalid date ${JSON.stringify(input)}: no such calendar day`);
  }
  const dayNumber = Date.UTC(year, month - 1, day) / MS_PER_DAY;
  if (dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    throw outOfRange(`Date ${input}`);
  }
  return dayNumber;
}

/** Internal: ISO date of a day number; throws OUT_OF_RANGE outside 1970–2050. */
export function fromDayNumber(dayNumber: number, context?: string): IsoDate {
  if (dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    const instant = new Date(dayNumber * MS_PER_DAY);
    const iso = Number.isNaN(instant.getTime()) ? `day ${dayNumber}` : instant.toISOString().slice(0, 10);
    throw outOfRange(context === undefined ? `Date ${iso}` : `${context}: result ${iso}`);
  }
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (dayNumber + 4) % 7;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function assertInteger(name: string, n: number): void {
  if (!Number.isSafeInteger(n)) {
    throw new BankCalendarError('INVALID_ARGUMENT', `${name} must be an integer, got ${String(n)}`);
  }
}

/** `date` plus `n` calendar days (n may be negative). The result must stay within 1970–2050. */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  assertInteger('n', n);
  return fromDayNumber(toDayNumber(date) + n, `addCalendarDays(${date}, ${n})`);
}

/** Day of the week of `date`: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

/**
 * The calendar date in Asia/Tokyo at `instant`, independent of the process
 * time zone. E.g. 2026-12-31T15:00:00Z is 2027-01-01 in Tokyo.
 */
export function tokyoDate(instant: Date): IsoDate {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) {
    throw new BankCalendarError('INVALID_ARGUMENT', 'tokyoDate: expected a valid Date');
  }
  return fromDayNumber(Math.floor((ms + TOKYO_OFFSET_MS) / MS_PER_DAY), `tokyoDate(${instant.toISOString()})`);
}

/** The instant at which `date` begins in Asia/Tokyo (00:00 JST, i.e. 15:00 UTC the day before). */
export function tokyoStartOfDay(date: IsoDate): Date {
  return new Date(toDayNumber(date) * MS_PER_DAY - TOKYO_OFFSET_MS);
}

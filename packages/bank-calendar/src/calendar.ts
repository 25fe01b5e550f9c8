/**
 * The Japanese bank business-day calendar.
 *
 * Banks are closed (Banking Act art. 15, Enforcement Order art. 5) on
 * Saturdays, Sundays, national holidays (国民の祝日, including substitute
 * holidays 振替休日 and "citizens' holidays" 国民の休日) and 31 Dec – 3 Jan.
 * National holidays come from @holiday-jp/holiday_jp (1970–2050); the
 * year-end closure and weekends are added here.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import {
  BankCalendarError,
  type IsoDate,
  MAX_DAY,
  MIN_DAY,
  fromDayNumber,
  toDayNumber,
  weekdayOfDayNumber,
} from './iso-date';

/** Why banks are closed on a date. */
export type BankHolidayReason =
  | { readonly kind: 'national_holiday'; readonly name: string; readonly nameEn: string }
  | { readonly kind: 'year_end' }
  | { readonly kind: 'sunday' }
  | { readonly kind: 'saturday' };

export type BankHolidayKind = BankHolidayReason['kind'];

interface HolidayEntry {
  readonly name: string;
  readonly name_en: string;
}

const NATIONAL_HOLIDAYS: Readonly<Record<string, HolidayEntry | undefined>> = holidayJp.holidays;

const YEAR_END: BankHolidayReason = Object.freeze({ kind: 'year_end' });
const SUNDAY: BankHolidayReason = Object.freeze({ kind: 'sunday' });
const SATURDAY: BankHolidayReason = Object.freeze({ kind: 'saturday' });

function reasonForDay(dayNumber: number, iso: IsoDate): BankHolidayReason | null {
  const holiday = NATIONAL_HOLIDAYS[iso];
  if (holiday !== undefined) {
    return Object.freeze({ kind: 'national_holiday', name: holiday.name, nameEn: holiday.name_en });
  }
  const monthDay = iso.slice(5);
  if (monthDay === '12-31' || monthDay === '01-01' || monthDay === '01-02' || monthDay === '01-03') {
    return YEAR_END;
  }
  const weekday = weekdayOfDayNumber(dayNumber);
  if (weekday === 0) return SUNDAY;
  if (weekday === 6) return SATURDAY;
  return null;
}

/**
 * Lazily built table over the whole supported range:
 * - open[d] = 1 if day d is a bank business day,
 * - openBefore[d] = number of business days in [MIN_DAY, d) (length MAX_DAY + 2),
 * so that counting business days in any interval is O(1).
 */
interface Table {
  readonly open: Uint8Array;
  readonly openBefore: Int32Array;
}

let table: Table | undefined;

function getTable(): Table {
  if (table === undefined) {
    const size = MAX_DAY - MIN_DAY + 1;
    const open = new Uint8Array(size);
    const openBefore = new Int32Array(size + 1);
    for (let d = MIN_DAY; d <= MAX_DAY; d++) {
      const i = d - MIN_DAY;
      open[i] = reasonForDay(d, fromDayNumber(d)) === null ? 1 : 0;
      openBefore[i + 1] = openBefore[i] + open[i];
    }
    table = { open, openBefore };
  }
  return table;
}

function isOpen(dayNumber: number): boolean {
  return getTable().open[dayNumber - MIN_DAY] === 1;
}

/** Steps from `start` by `step` (+1/-1) until a business day; throws OUT_OF_RANGE if none in range. */
function scan(start: number, step: 1 | -1, context: string): number {
  for (let d = start; d >= MIN_DAY && d <= MAX_DAY; d += step) {
    if (isOpen(d)) return d;
  }
  throw new BankCalendarError(
    'OUT_OF_RANGE',
    `${context}: no bank business day within the supported range ${fromDayNumber(MIN_DAY)}..${fromDayNumber(MAX_DAY)}`,
  );
}

/** Whether banks in Japan are open on `date`. */
export function isBankBusinessDay(date: IsoDate): boolean {
  return isOpen(toDayNumber(date));
}

/**
 * Why banks are closed on `date`, or null if it is a business day.
 * A date with several reasons reports one, in this order of precedence:
 * national_holiday (with its Japanese and English name), year_end
 * (31 Dec – 3 Jan), sunday, saturday. E.g. 2027-01-01 is national_holiday
 * '元日', 2027-01-02 (a Saturday) is year_end.
 */
export function bankHolidayReason(date: IsoDate): BankHolidayReason | null {
  return reasonForDay(toDayNumber(date), date);
}

/** The first bank business day strictly after `date`. */
export function nextBankBusinessDay(date: IsoDate): IsoDate {
  return fromDayNumber(scan(toDayNumber(date) + 1, 1, `nextBankBusinessDay(${date})`));
}

/** The last bank business day strictly before `date`. */
export function previousBankBusinessDay(date: IsoDate): IsoDate {
  return fromDayNumber(scan(toDayNumber(date) - 1, -1, `previousBankBusinessDay(${date})`));
}

/**
 * Adds `n` (an integer ≥ 0) bank business days to `date`:
 * - n = 0: `date` itself if it is a business day, otherwise the next business
 *   day (roll forward);
 * - n ≥ 1: the n-th business day strictly after `date`, i.e.
 *   nextBankBusinessDay applied n times. So addBankBusinessDays(d, 1) is
 *   always nextBankBusinessDay(d) (翌営業日), also when d is a holiday — for
 *   a Saturday both n = 0 and n = 1 give the following Monday (if open).
 * For every date d and n ≥ 1, bankBusinessDaysBetween(d, result) === n.
 */
export function addBankBusinessDays(date: IsoDate, n: number): IsoDate {
  const start = toDayNumber(date);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new BankCalendarError('INVALID_ARGUMENT', `addBankBusinessDays: n must be an integer >= 0, got ${String(n)}`);
  }
  const context = `addBankBusinessDays(${date}, ${n})`;
  if (n === 0) return fromDayNumber(scan(start, 1, context));
  let d = start;
  for (let i = 0; i < n; i++) d = scan(d + 1, 1, context);
  return fromDayNumber(d);
}

/**
 * The number of bank business days in the half-open interval (a, b] — after
 * `a`, up to and including `b` — or minus the number in (b, a] when b < a.
 * So bankBusinessDaysBetween(a, a) = 0, swapping the arguments negates the
 * result, and bankBusinessDaysBetween(d, addBankBusinessDays(d, n)) = n for n ≥ 1.
 */
export function bankBusinessDaysBetween(a: IsoDate, b: IsoDate): number {
  const from = toDayNumber(a);
  const to = toDayNumber(b);
  const { openBefore } = getTable();
  // business days in (from, to] = openBefore[to + 1] - openBefore[from + 1]
  return openBefore[to - MIN_DAY + 1] - openBefore[from - MIN_DAY + 1];
}

export {
  BankCalendarError,
  MAX_SUPPORTED_DATE,
  MIN_SUPPORTED_DATE,
  addCalendarDays,
  dayOfWeek,
  parseIsoDate,
  tokyoDate,
  tokyoStartOfDay,
} from './iso-date';
export type { BankCalendarErrorCode, IsoDate } from './iso-date';
export {
  addBankBusinessDays,
  bankBusinessDaysBetween,
  bankHolidayReason,
  isBankBusinessDay,
  nextBankBusinessDay,
  previousBankBusinessDay,
} from './calendar';
export type { BankHolidayKind, BankHolidayReason } from './calendar';

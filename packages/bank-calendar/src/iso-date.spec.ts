import fc from 'fast-check';
import {
  BankCalendarError,
  MAX_SUPPORTED_DATE,
  MIN_SUPPORTED_DATE,
  addCalendarDays,
  dayOfWeek,
  parseIsoDate,
  tokyoDate,
  tokyoStartOfDay,
} from './index';

function errorOf(fn: () => unknown): BankCalendarError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BankCalendarError);
    expect(e).toBeInstanceOf(RangeError);
    return e as BankCalendarError;
  }
  throw new Error('expected a BankCalendarError');
}

describe('parseIsoDate', () => {
  it.each(['2026-01-05', '2024-02-29', '2000-02-29', '2026-12-31', MIN_SUPPORTED_DATE, MAX_SUPPORTED_DATE])(
    'accepts %s',
    (s) => {
      expect(parseIsoDate(s)).toBe(s);
    },
  );

  it.each(['2026-02-30', '2023-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32'])(
    'rejects the impossible date %s',
    (s) => {
      const err = errorOf(() => parseIsoDate(s));
      // 2100 is also out of range but is rejected first as an impossible day
      expect(err.code).toBe('INVALID_DATE');
      expect(err.message).toContain(s);
    },
  );

  it.each(['2026-1-5', '2026/01/05', '20260105', ' 2026-01-05', '2026-01-05 ', '2026-01-05T00:00:00Z', '', '+02026-01-05', '２０２６-01-05'])(
    'rejects the malformed string %j',
    (s) => {
      expect(errorOf(() => parseIsoDate(s)).code).toBe('INVALID_FORMAT');
    },
  );

  it('rejects non-strings from untyped callers', () => {
    expect(errorOf(() => parseIsoDate(new Date() as unknown as string)).code).toBe('INVALID_FORMAT');
    expect(errorOf(() => parseIsoDate(undefined as unknown as string)).code).toBe('INVALID_FORMAT');
  });

  it.each(['1969-12-31', '2051-01-01', '0001-01-01', '9999-12-31'])('rejects %s as outside 1970–2050', (s) => {
    const err = errorOf(() => parseIsoDate(s));
    expect(err.code).toBe('OUT_OF_RANGE');
    expect(err.message).toBe(`Date ${s} is outside the supported range 1970-01-01..2050-12-31`);
  });
});

describe('addCalendarDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addCalendarDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addCalendarDays('2026-05-10', 0)).toBe('2026-05-10');
    expect(addCalendarDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addCalendarDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('refuses results outside the range and non-integer n', () => {
    expect(errorOf(() => addCalendarDays('2050-12-31', 1)).code).toBe('OUT_OF_RANGE');
    expect(errorOf(() => addCalendarDays('1970-01-01', -1)).code).toBe('OUT_OF_RANGE');
    expect(errorOf(() => addCalendarDays('2026-01-01', 1.5)).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => addCalendarDays('2026-01-01', NaN)).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => addCalendarDays('2026-02-30', 1)).code).toBe('INVALID_DATE');
  });
});

describe('dayOfWeek', () => {
  it('numbers days 0 = Sunday … 6 = Saturday', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2026-09-20')).toBe(0);
    expect(dayOfWeek('2026-09-21')).toBe(1);
    expect(dayOfWeek('2027-01-02')).toBe(6);
  });
});

describe('tokyoDate', () => {
  it('turns the date over at 15:00 UTC (00:00 JST)', () => {
    expect(tokyoDate(new Date('2026-12-31T14:59:59.999Z'))).toBe('2026-12-31');
    expect(tokyoDate(new Date('2026-12-31T15:00:00.000Z'))).toBe('2027-01-01');
    expect(tokyoDate(new Date('2027-01-01T08:59:59+09:00'))).toBe('2027-01-01');
    expect(tokyoDate(new Date('2026-06-30T23:30:00-07:00'))).toBe('2026-07-01');
  });

  it('rejects invalid dates and instants outside the range', () => {
    expect(errorOf(() => tokyoDate(new Date('nope'))).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => tokyoDate('2026-01-01' as unknown as Date)).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => tokyoDate(new Date('1969-12-31T14:59:59Z'))).code).toBe('OUT_OF_RANGE');
    expect(tokyoDate(new Date('1969-12-31T15:00:00Z'))).toBe('1970-01-01');
    expect(errorOf(() => tokyoDate(new Date('2050-12-31T15:00:00Z'))).code).toBe('OUT_OF_RANGE');
  });

  it('agrees with Intl for Asia/Tokyo on arbitrary instants', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
    const lo = Date.parse('1970-01-01T00:00:00+09:00');
    const hi = Date.parse('2050-12-31T23:59:59.999+09:00');
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), (ms) => {
        const instant = new Date(ms);
        expect(tokyoDate(instant)).toBe(intl.format(instant));
      }),
      { numRuns: 200 },
    );
  });
});

describe('tokyoStartOfDay', () => {
  it('is 00:00 JST of the date', () => {
    expect(tokyoStartOfDay('2027-01-01').toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(tokyoDate(tokyoStartOfDay('2027-01-01'))).toBe('2027-01-01');
    expect(tokyoDate(new Date(tokyoStartOfDay('2027-01-01').getTime() - 1))).toBe('2026-12-31');
  });
});

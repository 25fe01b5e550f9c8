import holidayJp from '@holiday-jp/holiday_jp';
import fc from 'fast-check';
import {
  BankCalendarError,
  type IsoDate,
  addBankBusinessDays,
  addCalendarDays,
  bankBusinessDaysBetween,
  bankHolidayReason,
  dayOfWeek,
  isBankBusinessDay,
  nextBankBusinessDay,
  previousBankBusinessDay,
} from './index';

/** Any date from 1970-01-15 to `last`, so that next/previous stay in range. */
function arbDate(last: IsoDate = '2050-12-15'): fc.Arbitrary<IsoDate> {
  const lastDay = Date.parse(`${last}T00:00:00Z`) / 86_400_000;
  return fc.integer({ min: 14, max: lastDay }).map((days) => addCalendarDays('1970-01-01', days));
}

function kinds(from: IsoDate, to: IsoDate): Record<IsoDate, string> {
  const out: Record<IsoDate, string> = {};
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) {
    const reason = bankHolidayReason(d);
    out[d] = reason === null ? 'open' : reason.kind === 'national_holiday' ? `holiday:${reason.name}` : reason.kind;
  }
  return out;
}

function naiveCount(a: IsoDate, b: IsoDate): number {
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let n = 0;
  for (let d = lo; d < hi; ) {
    d = addCalendarDays(d, 1);
    if (isBankBusinessDay(d)) n++;
  }
  return sign * n;
}

describe('holiday data from @holiday-jp/holiday_jp', () => {
  it('covers every year 1970–2050 and agrees with our weekday arithmetic', () => {
    const entries = Object.values(holidayJp.holidays) as { date: string; week_en: string }[];
    const names = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    for (const { date, week_en } of entries) expect(names[dayOfWeek(date)]).toBe(week_en);
    for (let year = 1970; year <= 2050; year++) {
      expect(bankHolidayReason(`${year}-01-01`)).toEqual({ kind: 'national_holiday', name: '元日', nameEn: "New Year's Day" });
    }
  });
});

describe('Silver Week 2026', () => {
  it('the first business day after Fri 2026-09-18 is Thu 2026-09-24', () => {
    expect(nextBankBusinessDay('2026-09-18')).toBe('2026-09-24');
  });

  it('closes 19–23 Sep: weekend, Respect for the Aged Day, the citizens’ holiday, Autumnal Equinox Day', () => {
    expect(kinds('2026-09-18', '2026-09-24')).toEqual({
      '2026-09-18': 'open',
      '2026-09-19': 'saturday',
      '2026-09-20': 'sunday',
      '2026-09-21': 'holiday:敬老の日',
      '2026-09-22': 'holiday:休日', // 国民の休日: sandwiched between two national holidays
      '2026-09-23': 'holiday:秋分の日',
      '2026-09-24': 'open',
    });
    expect(bankHolidayReason('2026-09-22')).toEqual({ kind: 'national_holiday', name: '休日', nameEn: "Citizen's Holiday" });
    expect(previousBankBusinessDay('2026-09-24')).toBe('2026-09-18');
    expect(bankBusinessDaysBetween('2026-09-18', '2026-09-24')).toBe(1);
  });
});

describe('Golden Week 2027', () => {
  it('Showa Day on Thu 4/29, Fri 4/30 open, closed Sat 5/1 – Wed 5/5', () => {
    expect(kinds('2027-04-28', '2027-05-06')).toEqual({
      '2027-04-28': 'open',
      '2027-04-29': 'holiday:昭和の日',
      '2027-04-30': 'open',
      '2027-05-01': 'saturday',
      '2027-05-02': 'sunday',
      '2027-05-03': 'holiday:憲法記念日',
      '2027-05-04': 'holiday:みどりの日',
      '2027-05-05': 'holiday:こどもの日',
      '2027-05-06': 'open',
    });
    expect(nextBankBusinessDay('2027-04-28')).toBe('2027-04-30');
    expect(nextBankBusinessDay('2027-04-30')).toBe('2027-05-06');
    expect(previousBankBusinessDay('2027-05-06')).toBe('2027-04-30');
    expect(addBankBusinessDays('2027-04-28', 2)).toBe('2027-05-06');
    expect(bankBusinessDaysBetween('2027-04-28', '2027-05-06')).toBe(2);
  });
});

describe('substitute holidays (振替休日)', () => {
  it.each([
    ['2026-05-06', '2026-05-03'], // Constitution Day on a Sunday → the next non-holiday, Wed 5/6
    ['2025-05-06', '2025-05-04'], // Greenery Day on a Sunday → Tue 5/6
    ['2024-02-12', '2024-02-11'], // National Foundation Day on a Sunday → Mon 2/12
    ['2050-03-21', '2050-03-20'], // Vernal Equinox on a Sunday → Mon 3/21 (end of the data)
  ])('%s is closed (substitute for %s)', (substitute, sunday) => {
    expect(dayOfWeek(sunday)).toBe(0);
    const reason = bankHolidayReason(substitute);
    expect(reason?.kind).toBe('national_holiday');
    expect(reason).toMatchObject({ nameEn: 'Holiday in lieu' });
    expect(isBankBusinessDay(substitute)).toBe(false);
  });

  it('pushes the next business day past the substitute', () => {
    expect(nextBankBusinessDay('2026-05-01')).toBe('2026-05-07');
    expect(nextBankBusinessDay('2024-02-09')).toBe('2024-02-13');
  });
});

describe('year-end closure, 31 Dec – 3 Jan', () => {
  it('the first business day after Wed 2026-12-30 is Mon 2027-01-04', () => {
    expect(nextBankBusinessDay('2026-12-30')).toBe('2027-01-04');
    expect(previousBankBusinessDay('2027-01-04')).toBe('2026-12-30');
    expect(kinds('2026-12-30', '2027-01-04')).toEqual({
      '2026-12-30': 'open',
      '2026-12-31': 'year_end',
      '2027-01-01': 'holiday:元日',
      '2027-01-02': 'year_end', // also a Saturday: year_end takes precedence
      '2027-01-03': 'year_end',
      '2027-01-04': 'open',
    });
  });

  it('closes 31 Dec, 2 Jan and 3 Jan on weekdays too', () => {
    expect(dayOfWeek('2025-12-31')).toBe(3);
    expect(bankHolidayReason('2025-12-31')).toEqual({ kind: 'year_end' });
    expect(dayOfWeek('2026-01-02')).toBe(5);
    expect(bankHolidayReason('2026-01-02')).toEqual({ kind: 'year_end' });
    expect(dayOfWeek('2028-01-03')).toBe(1);
    expect(bankHolidayReason('2028-01-03')).toEqual({ kind: 'year_end' });
    expect(isBankBusinessDay('2028-01-04')).toBe(true);
    expect(nextBankBusinessDay('2025-12-30')).toBe('2026-01-05'); // 1/4 is a Sunday
    for (let year = 1970; year < 2050; year++) {
      for (const d of [`${year}-12-31`, `${year + 1}-01-01`, `${year + 1}-01-02`, `${year + 1}-01-03`]) {
        expect(isBankBusinessDay(d)).toBe(false);
      }
    }
  });
});

describe('bankHolidayReason', () => {
  it('is null on an ordinary weekday and names weekends', () => {
    expect(bankHolidayReason('2026-11-24')).toBeNull();
    expect(bankHolidayReason('2026-11-28')).toEqual({ kind: 'saturday' });
    expect(bankHolidayReason('2026-11-29')).toEqual({ kind: 'sunday' });
  });

  it('prefers the national holiday over the weekend', () => {
    expect(bankHolidayReason('2026-05-03')).toEqual({ kind: 'national_holiday', name: '憲法記念日', nameEn: 'Constitution Memorial Day' });
  });

  it('knows one-off holidays and moved holidays from the data', () => {
    expect(bankHolidayReason('2019-05-01')?.kind).toBe('national_holiday'); // enthronement
    expect(isBankBusinessDay('2020-07-24')).toBe(false); // Sports Day moved for the Olympics
    expect(isBankBusinessDay('2020-10-12')).toBe(true); // …so its usual date was open
  });
});

describe('addBankBusinessDays', () => {
  it('n = 0 rolls forward to a business day, or keeps one', () => {
    expect(addBankBusinessDays('2026-11-24', 0)).toBe('2026-11-24');
    expect(addBankBusinessDays('2026-11-28', 0)).toBe('2026-11-30');
    expect(addBankBusinessDays('2026-12-31', 0)).toBe('2027-01-04');
  });

  it('n ≥ 1 counts business days strictly after the date', () => {
    expect(addBankBusinessDays('2026-11-24', 1)).toBe('2026-11-25');
    expect(addBankBusinessDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday + 1 = Monday (翌営業日)
    expect(addBankBusinessDays('2026-11-28', 2)).toBe('2026-12-01');
    expect(addBankBusinessDays('2026-12-30', 2)).toBe('2027-01-05');
    expect(addBankBusinessDays('2026-01-05', 241)).toBe('2026-12-30'); // 242 business days in 2026
  });

  it('rejects negative, fractional and huge n, and runs off the range with a clear error', () => {
    for (const n of [-1, 0.5, NaN, Infinity]) {
      expect(() => addBankBusinessDays('2026-11-24', n)).toThrow(BankCalendarError);
    }
    expect(() => addBankBusinessDays('2050-12-20', 10)).toThrow(/outside the supported range|no bank business day/);
  });
});

describe('bankBusinessDaysBetween', () => {
  it('counts business days in (a, b], negated when b < a', () => {
    expect(bankBusinessDaysBetween('2026-11-24', '2026-11-24')).toBe(0);
    expect(bankBusinessDaysBetween('2026-11-24', '2026-11-25')).toBe(1);
    expect(bankBusinessDaysBetween('2026-11-25', '2026-11-24')).toBe(-1);
    expect(bankBusinessDaysBetween('2026-11-27', '2026-11-29')).toBe(0); // Fri → Sun
    expect(bankBusinessDaysBetween('2025-12-31', '2026-12-31')).toBe(242);
    expect(bankBusinessDaysBetween('1970-01-01', '2050-12-31')).toBe(naiveCount('1970-01-01', '2050-12-31'));
  });
});

describe('range limits', () => {
  it('throws OUT_OF_RANGE when no business day exists within 1970–2050', () => {
    expect(() => nextBankBusinessDay('2050-12-30')).toThrow(/nextBankBusinessDay\(2050-12-30\): no bank business day/);
    expect(() => previousBankBusinessDay('1970-01-05')).toThrow(/previousBankBusinessDay\(1970-01-05\)/);
    expect(() => isBankBusinessDay('2051-01-04')).toThrow(/outside the supported range 1970-01-01..2050-12-31/);
    expect(() => isBankBusinessDay('2026-02-30')).toThrow(BankCalendarError);
  });
});

describe('properties', () => {
  const runs = { numRuns: 200 };

  it('nextBankBusinessDay returns a strictly later business day with none in between', () => {
    fc.assert(
      fc.property(arbDate(), (d) => {
        const next = nextBankBusinessDay(d);
        expect(next > d).toBe(true);
        expect(isBankBusinessDay(next)).toBe(true);
        for (let x = addCalendarDays(d, 1); x < next; x = addCalendarDays(x, 1)) {
          expect(isBankBusinessDay(x)).toBe(false);
        }
      }),
      runs,
    );
  });

  it('previousBankBusinessDay returns a strictly earlier business day with none in between', () => {
    fc.assert(
      fc.property(arbDate(), (d) => {
        const prev = previousBankBusinessDay(d);
        expect(prev < d).toBe(true);
        expect(isBankBusinessDay(prev)).toBe(true);
        expect(bankBusinessDaysBetween(prev, addCalendarDays(d, -1))).toBe(0);
      }),
      runs,
    );
  });

  it('bankBusinessDaysBetween(d, addBankBusinessDays(d, n)) = n and agrees with a naive count', () => {
    fc.assert(
      fc.property(arbDate('2050-10-01'), fc.integer({ min: 0, max: 40 }), (d, n) => {
        const later = addBankBusinessDays(d, n);
        expect(isBankBusinessDay(later)).toBe(true);
        expect(bankBusinessDaysBetween(d, later)).toBe(n === 0 && !isBankBusinessDay(d) ? 1 : n);
        expect(bankBusinessDaysBetween(later, d) + bankBusinessDaysBetween(d, later)).toBe(0);
        expect(bankBusinessDaysBetween(d, later)).toBe(naiveCount(d, later));
        if (n === 1) expect(later).toBe(nextBankBusinessDay(d));
      }),
      runs,
    );
  });

  it('isBankBusinessDay matches the reason, and a business day is the previous of its next', () => {
    fc.assert(
      fc.property(arbDate(), (d) => {
        const open = isBankBusinessDay(d);
        expect(open).toBe(bankHolidayReason(d) === null);
        if (dayOfWeek(d) === 0 || dayOfWeek(d) === 6) expect(open).toBe(false);
        if (open) expect(previousBankBusinessDay(nextBankBusinessDay(d))).toBe(d);
      }),
      runs,
    );
  });
});

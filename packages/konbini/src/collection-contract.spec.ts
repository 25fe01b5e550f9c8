import {
  addDays, closeBefore, closeOnOrAfter, closesBetween, feePlanOf, settlementCycleOf, settlementPeriod, SETTLEMENT_CYCLES, type SettlementCycle,
} from './collection-contract';

describe('settlement cycles: close dates', () => {
  it.each<[SettlementCycle, string, string]>([
    // every 5 days: 5th, 10th, 15th, 20th, 25th and month-end
    ['every_5_days', '2026-11-01', '2026-11-05'],
    ['every_5_days', '2026-11-05', '2026-11-05'],
    ['every_5_days', '2026-11-06', '2026-11-10'],
    ['every_5_days', '2026-11-26', '2026-11-30'],
    ['every_5_days', '2026-12-26', '2026-12-31'],
    ['every_5_days', '2027-02-26', '2027-02-28'],
    ['every_5_days', '2028-02-26', '2028-02-29'], // leap year
    // every 10 days: 10th, 20th, month-end
    ['every_10_days', '2026-11-11', '2026-11-20'],
    ['every_10_days', '2026-11-21', '2026-11-30'],
    ['every_10_days', '2026-12-31', '2026-12-31'],
    ['every_10_days', '2028-02-21', '2028-02-29'],
    // half-monthly: 15th, month-end
    ['half_monthly', '2026-11-15', '2026-11-15'],
    ['half_monthly', '2026-11-16', '2026-11-30'],
    ['half_monthly', '2027-02-16', '2027-02-28'],
    ['half_monthly', '2028-02-16', '2028-02-29'],
    // monthly: month-end
    ['monthly', '2026-01-31', '2026-01-31'],
    ['monthly', '2026-04-01', '2026-04-30'],
    ['monthly', '2026-12-01', '2026-12-31'],
    ['monthly', '2028-02-01', '2028-02-29'],
  ])('%s: a payment on %s belongs to the close of %s', (cycle, date, close) => {
    expect(closeOnOrAfter(cycle, date)).toBe(close);
  });

  it.each<[SettlementCycle, string, string]>([
    ['every_5_days', '2027-01-01', '2026-12-31'], // across the year end
    ['every_5_days', '2027-03-05', '2027-02-28'],
    ['every_5_days', '2028-03-03', '2028-02-29'],
    ['every_10_days', '2026-11-20', '2026-11-10'],
    ['half_monthly', '2027-03-01', '2027-02-28'],
    ['monthly', '2026-11-30', '2026-10-31'],
    ['monthly', '2027-01-15', '2026-12-31'],
  ])('%s: the last close before %s is %s', (cycle, date, close) => {
    expect(closeBefore(cycle, date)).toBe(close);
  });

  it('gives each cycle its closes per month (6, 3, 2, 1), across February of a leap year and the year end', () => {
    const closes = (cycle: SettlementCycle, from: string, to: string) => closesBetween(cycle, from, to);
    expect(closes('every_5_days', '2028-02-01', '2028-02-29')).toEqual(['2028-02-05', '2028-02-10', '2028-02-15', '2028-02-20', '2028-02-25', '2028-02-29']);
    expect(closes('every_10_days', '2026-12-15', '2027-01-15')).toEqual(['2026-12-20', '2026-12-31', '2027-01-10']);
    expect(closes('half_monthly', '2027-02-01', '2027-03-31')).toEqual(['2027-02-15', '2027-02-28', '2027-03-15', '2027-03-31']);
    expect(closes('monthly', '2026-11-15', '2027-02-28')).toEqual(['2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28']);
    for (const [cycle, n] of [['every_5_days', 6], ['every_10_days', 3], ['half_monthly', 2], ['monthly', 1]] as const) {
      for (const month of ['2026-04', '2027-02', '2028-02', '2026-12']) {
        expect(closes(cycle, `${month}-01`, closeOnOrAfter('monthly', `${month}-01`))).toHaveLength(n);
      }
    }
  });

  it('periods tile the calendar: each starts the day after the previous close', () => {
    for (const cycle of SETTLEMENT_CYCLES) {
      let day = '2027-12-01';
      while (day <= '2028-03-31') {
        const p = settlementPeriod(cycle, day);
        expect(p.start <= day && day <= p.close).toBe(true);
        expect(settlementPeriod(cycle, addDays(p.close, 1)).start).toBe(addDays(p.close, 1));
        day = addDays(day, 1);
      }
    }
    expect(settlementPeriod('every_5_days', '2027-01-03')).toEqual({ start: '2027-01-01', close: '2027-01-05' });
    expect(settlementPeriod('half_monthly', '2028-02-29')).toEqual({ start: '2028-02-16', close: '2028-02-29' });
  });

  it('refuses impossible dates', () => {
    expect(() => closeOnOrAfter('monthly', '2027-02-29')).toThrow(RangeError);
    expect(() => closeOnOrAfter('monthly', '2027/02/01')).toThrow(RangeError);
  });
});

describe('names', () => {
  it('accepts the names and the deprecated aliases, nothing else', () => {
    expect(settlementCycleOf('every_10_days')).toBe('every_10_days');
    expect(settlementCycleOf('monthly_end')).toBe('monthly');
    expect(settlementCycleOf('semi_monthly')).toBe('half_monthly');
    expect(settlementCycleOf('weekly')).toBe('every_5_days');
    expect(settlementCycleOf('daily')).toBeUndefined();
    expect(feePlanOf('billing_plan')).toBe('billing_plan');
    expect(feePlanOf('standard')).toBe('collection_plan');
    expect(feePlanOf('premium')).toBeUndefined();
  });
});

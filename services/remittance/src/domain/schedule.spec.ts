import { cutoffInstant, DEFAULT_CUTOFF, earliestTransferDate, fileDateMissed, fileIsDue, transferDateFor } from './schedule';

/** A Tokyo wall-clock time as an instant. */
const jst = (s: string) => new Date(`${s}+09:00`);

describe('transfer date: the first business day after confirmation whose file is not cut', () => {
  it.each([
    ['2026-12-30T10:00:00', '2027-01-04'], // year end: 31 Dec – 3 Jan closed
    ['2026-12-30T15:00:00', '2027-01-05'], // at the cut-off: the file for 01-04 is built; next file
    ['2026-12-30T14:59:00', '2027-01-04'],
    ['2026-12-31T09:00:00', '2027-01-05'], // registered on a closed day: 01-04's file was cut on 12-30
    ['2026-09-18T10:00:00', '2026-09-24'], // Friday before Silver Week
    ['2026-09-18T16:00:00', '2026-09-25'],
    ['2026-06-05T10:00:00', '2026-06-08'], // Friday → Monday
    ['2026-06-06T10:00:00', '2026-06-09'], // Saturday: Monday's file was cut on Friday
    ['2026-06-08T23:59:00', '2026-06-10'], // late Monday: Tuesday's file was cut at 15:00
  ])('confirmed %s JST → %s', (at, expected) => {
    expect(transferDateFor(jst(at), DEFAULT_CUTOFF)).toBe(expected);
  });

  it('the cut-off is configurable', () => {
    expect(transferDateFor(jst('2026-06-08T11:00:00'), { hour: 10, minute: 30 })).toBe('2026-06-10');
    expect(transferDateFor(jst('2026-06-08T10:00:00'), { hour: 10, minute: 30 })).toBe('2026-06-09');
  });
});

describe('files', () => {
  it.each([
    ['2027-01-04', '2026-12-30T15:00:00+09:00'],
    ['2026-09-24', '2026-09-18T15:00:00+09:00'],
    ['2026-06-09', '2026-06-08T15:00:00+09:00'],
  ])('the file for %s is cut at %s', (date, instant) => {
    expect(cutoffInstant(date, DEFAULT_CUTOFF).toISOString()).toBe(new Date(instant).toISOString());
  });

  it('is due from the cut-off, and missed once its day has come', () => {
    expect(fileIsDue('2027-01-04', jst('2026-12-30T14:59:59'), DEFAULT_CUTOFF)).toBe(false);
    expect(fileIsDue('2027-01-04', jst('2026-12-30T15:00:00'), DEFAULT_CUTOFF)).toBe(true);
    expect(fileDateMissed('2027-01-04', jst('2027-01-03T23:59:00'))).toBe(false);
    expect(fileDateMissed('2027-01-04', jst('2027-01-04T00:00:00'))).toBe(true);
  });

  it('a requested execution date is kept when its file is open, moved to a business day, or to the earliest', () => {
    const now = jst('2026-06-08T10:00:00');
    expect(earliestTransferDate('', now, DEFAULT_CUTOFF)).toBe('2026-06-09');
    expect(earliestTransferDate('2026-06-01', now, DEFAULT_CUTOFF)).toBe('2026-06-09');
    expect(earliestTransferDate('2026-06-12', now, DEFAULT_CUTOFF)).toBe('2026-06-12');
    expect(earliestTransferDate('2026-06-13', now, DEFAULT_CUTOFF)).toBe('2026-06-15');
  });
});

import { type IsoDate, isBankBusinessDay, nextBankBusinessDay, previousBankBusinessDay, tokyoDate } from '@kessai/bank-calendar';

/** When each day's transfer file is cut: this time (Tokyo) on the business day before. */
export interface Cutoff {
  hour: number;
  minute: number;
}

export const DEFAULT_CUTOFF: Cutoff = { hour: 15, minute: 0 };

/** The instant the file for `executionDate` is built: the cut-off time on the business day before it. */
export function cutoffInstant(executionDate: IsoDate, cutoff: Cutoff): Date {
  const day = previousBankBusinessDay(executionDate);
  const [y, m, d] = day.split('-').map(Number);
  // Tokyo is UTC+9 all year (no daylight saving)
  return new Date(Date.UTC(y, m - 1, d, cutoff.hour - 9, cutoff.minute));
}

/**
 * The transfer date of something confirmed at `confirmedAt` (docs/reference/remittance.md#when-a-transfer-runs):
 * the first bank business day after that Tokyo date whose file is not yet cut
 * — so registered 2026-12-30 (before 15:00) → 2027-01-04, and after the
 * cut-off it goes into the next file.
 */
export function transferDateFor(confirmedAt: Date, cutoff: Cutoff): IsoDate {
  let date = nextBankBusinessDay(tokyoDate(confirmedAt));
  while (cutoffInstant(date, cutoff).getTime() <= confirmedAt.getTime()) date = nextBankBusinessDay(date);
  return date;
}

/**
 * A date a caller asked for (SubmitTransfer): kept when it is a business day
 * whose file is not cut yet, else the next one that is.
 */
export function earliestTransferDate(requested: IsoDate | '', now: Date, cutoff: Cutoff): IsoDate {
  const earliest = transferDateFor(now, cutoff);
  if (!requested || requested < earliest) return earliest;
  return isBankBusinessDay(requested) ? requested : nextBankBusinessDay(requested);
}

/** Whether the file for `executionDate` is due to be built at `now`. */
export function fileIsDue(executionDate: IsoDate, now: Date, cutoff: Cutoff): boolean {
  return cutoffInstant(executionDate, cutoff).getTime() <= now.getTime();
}

/** A file date the bank can no longer take (its day has come): the transfers move to the next file. */
export function fileDateMissed(executionDate: IsoDate, now: Date): boolean {
  return tokyoDate(now) >= executionDate;
}

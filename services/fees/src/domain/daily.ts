import { addCalendarDays, tokyoDate, tokyoStartOfDay } from '@kessai/bank-calendar';

/** When a daily job next runs: the next `hour` o'clock in Tokyo (platform time). */
export function dailyAtTokyoHour(hour: number): (now: Date) => Date {
  return (now) => {
    const today = tokyoDate(now);
    const at = new Date(tokyoStartOfDay(today).getTime() + hour * 3_600_000);
    return at > now ? at : new Date(tokyoStartOfDay(addCalendarDays(today, 1)).getTime() + hour * 3_600_000);
  };
}

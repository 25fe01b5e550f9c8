/** The morning jobs run at 06:00 Tokyo time (UTC+9, no daylight saving): the next such instant after `now`. */
export function nextTokyoMorning(now: Date): Date {
  const hourUtc = 21; // 06:00 JST
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

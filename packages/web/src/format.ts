import type { Lang } from './i18n';

/**
 * Money and dates as a Japanese reader expects them (docs/web-pages.md,
 * "Formatting"). Amounts are integer yen; dates and times are shown in
 * Asia/Tokyo whatever the server's time zone.
 */
export const TIME_ZONE = 'Asia/Tokyo';

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, useGrouping: true });

export type YenStyle = 'symbol' | 'suffix';

/** `¥1,234` (symbol, the default) or `1,234円` (suffix). Throws on anything but a safe integer. */
export function formatYen(amount: number, style: YenStyle = 'symbol'): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not an amount of yen: ${amount}`);
  const digits = grouping.format(Math.abs(amount));
  const sign = amount < 0 ? '-' : '';
  return style === 'symbol' ? `${sign}¥${digits}` : `${sign}${digits}円`;
}

const dateParts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface TokyoParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function tokyoParts(at: Date): TokyoParts {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid date');
  const parts: Record<string, string> = {};
  for (const p of dateParts.formatToParts(at)) parts[p.type] = p.value;
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date ('2026-12-01') is taken as it is; an instant is read in Asia/Tokyo. */
function calendarDate(value: Date | string): { year: string; month: string; day: string } {
  if (typeof value === 'string') {
    const m = CALENDAR_DATE.exec(value);
    if (m) return { year: m[1], month: m[2], day: m[3] };
    return tokyoParts(new Date(value));
  }
  return tokyoParts(value);
}

function dateText(d: { year: string; month: string; day: string }, lang: Lang): string {
  return lang === 'ja' ? `${Number(d.year)}年${Number(d.month)}月${Number(d.day)}日` : `${d.year}-${d.month}-${d.day}`;
}

/** `2026年12月1日` (ja) or `2026-12-01` (en). */
export function formatDate(value: Date | string, lang: Lang): string {
  return dateText(calendarDate(value), lang);
}

/** `2026年12月1日 09:05 JST` (ja) or `2026-12-01 09:05 JST` (en): always Japan time, labelled. */
export function formatDateTime(at: Date | string, lang: Lang): string {
  const p = tokyoParts(typeof at === 'string' ? new Date(at) : at);
  return `${dateText(p, lang)} ${p.hour}:${p.minute} JST`;
}

/** The machine-readable value for `<time datetime>`: the instant with the +09:00 offset. */
export function isoTokyo(at: Date): string {
  const p = tokyoParts(at);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}+09:00`;
}

import { addCalendarDays, tokyoStartOfDay } from '@kessai/bank-calendar';
import { decodeCursor, encodeCursor, page, pageSize, useCase, ValidationError } from '@kessai/platform';
import { confirmedBetween } from '../db/payment-store';
import type { BillingDeps } from './deps';
import type { PaymentRecord } from './types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 31;

function day(value: string, field: string): Date {
  if (!DATE.test(value)) throw ValidationError.field(field, 'must be a date YYYY-MM-DD');
  try {
    return tokyoStartOfDay(value);
  } catch {
    throw ValidationError.field(field, 'must be a real calendar date');
  }
}

/**
 * Every merchant's payments confirmed on Tokyo days from..to, oldest first: what the
 * fees service's daily reconciliation compares with the ledger's collection credits.
 */
export function listConfirmedPayments(
  deps: BillingDeps,
  req: { livemode: boolean; fromDay: string; toDay: string; pageSize: number; pageToken: string },
): Promise<{ payments: PaymentRecord[]; nextPageToken: string }> {
  return useCase('billing.list_confirmed_payments', async () => {
    if (!req.fromDay) throw ValidationError.field('from_day', 'is required');
    const from = day(req.fromDay, 'from_day');
    const toDay = req.toDay || req.fromDay;
    const toStart = day(toDay, 'to_day');
    if (toStart < from) throw ValidationError.field('to_day', 'must not be before from_day');
    if ((toStart.getTime() - from.getTime()) / 86_400_000 >= MAX_DAYS) throw ValidationError.field('to_day', `must be less than ${MAX_DAYS} days after from_day`);
    const size = pageSize(req.pageSize);
    const list = `confirmed_payments:${req.livemode}:${req.fromDay}:${toDay}`;
    const cursor = req.pageToken ? decodeCursor(list, req.pageToken, 'page_token') : null;
    const after = cursor ? { at: new Date(String(cursor.at)), id: String(cursor.id) } : null;
    const { items, hasMore } = page(await confirmedBetween(deps.dataSource, req.livemode, from, tokyoStartOfDay(addCalendarDays(toDay, 1)), after, size + 1), size);
    const last = items[items.length - 1];
    return { payments: items, nextPageToken: hasMore ? encodeCursor(list, { at: last.confirmedAt!.toISOString(), id: last.id }) : '' };
  }, { livemode: req.livemode });
}

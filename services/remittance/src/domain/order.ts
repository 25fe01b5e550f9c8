import { type FieldViolation, ValidationError } from '@kessai/platform';
import { addCalendarDays, parseIsoDate, tokyoDate } from '@kessai/bank-calendar';
import { DEFAULT_PHONE_AFTER_DAYS, DEFAULT_POSTCARD_AFTER_DAYS, DEFAULT_REGISTRATION_DAYS } from './limits';
import type { Channel, OrderSettings, OrderStatus, RecipientStatus } from './types';

const CHANNELS: Channel[] = ['email', 'postcard', 'phone'];

/** Checks an order's settings and fills the defaults (docs/reference/remittance.md#the-flow). */
export function validateOrderSettings(input: Partial<OrderSettings>, merchantName: string): OrderSettings {
  const v: FieldViolation[] = [];
  const purpose = (input.purpose ?? '').trim();
  if (!purpose) v.push({ field: 'settings.purpose', description: 'required' });
  else if (purpose.length > 200) v.push({ field: 'settings.purpose', description: 'at most 200 characters' });
  const defaultMessage = (input.defaultMessage ?? '').trim();
  if (defaultMessage.length > 2000) v.push({ field: 'settings.default_message', description: 'at most 2000 characters' });
  const mode = input.mode ?? 'full_service';
  const channels = [...new Set(input.channels ?? [])];
  for (const c of channels) if (!CHANNELS.includes(c)) v.push({ field: 'settings.channels', description: `unknown channel ${String(c)}` });
  if (mode === 'full_service' && channels.length === 0) v.push({ field: 'settings.channels', description: 'a full-service order needs at least one of email, postcard, phone' });
  let registrationDeadline = (input.registrationDeadline ?? '').trim();
  if (registrationDeadline) {
    try {
      registrationDeadline = parseIsoDate(registrationDeadline);
    } catch {
      v.push({ field: 'settings.registration_deadline', description: 'must be a date YYYY-MM-DD' });
    }
  }
  const postcardAfterDays = input.postcardAfterDays || DEFAULT_POSTCARD_AFTER_DAYS;
  const phoneAfterDays = input.phoneAfterDays || DEFAULT_PHONE_AFTER_DAYS;
  if (!Number.isInteger(postcardAfterDays) || postcardAfterDays < 1 || postcardAfterDays > 365) v.push({ field: 'settings.postcard_after_days', description: 'must be 1 to 365' });
  if (!Number.isInteger(phoneAfterDays) || phoneAfterDays < 1 || phoneAfterDays > 365) v.push({ field: 'settings.phone_after_days', description: 'must be 1 to 365' });
  if (!merchantName.trim()) v.push({ field: 'merchant_name', description: 'required (shown to recipients)' });
  if (v.length) throw new ValidationError(v);
  return { purpose, defaultMessage, mode, channels: mode === 'transfer_only' ? channels : channels, registrationDeadline, postcardAfterDays, phoneAfterDays };
}

/** The deadline recipients register by: the order's own, or 90 days after approval (Tokyo dates). */
export function resolveDeadline(settings: OrderSettings, approvedAt: Date): string {
  return settings.registrationDeadline || addCalendarDays(tokyoDate(approvedAt), DEFAULT_REGISTRATION_DAYS);
}

/** A deadline must still be ahead at approval. */
export function checkDeadline(deadline: string, now: Date): void {
  if (deadline <= tokyoDate(now)) throw ValidationError.field('settings.registration_deadline', `${deadline} has passed`, 'deadline_passed');
}

/** Recipients that need nothing more. */
export const FINAL_RECIPIENT_STATUSES: RecipientStatus[] = ['paid', 'cancelled', 'expired'];

/** An approved order closes when every recipient is paid, cancelled or expired; the retention clock starts then. */
export function orderShouldClose(status: OrderStatus, recipientStatuses: Record<string, number>): boolean {
  if (status !== 'funded') return false;
  const open = Object.entries(recipientStatuses).filter(([s]) => !FINAL_RECIPIENT_STATUSES.includes(s as RecipientStatus)).reduce((n, [, c]) => n + c, 0);
  return open === 0;
}

/** Orders that may still change recipients and guide. */
export function assertDraft(status: OrderStatus, what: string): void {
  if (status !== 'draft') throw new ValidationError([{ field: 'order_id', description: `${what} only while the order is a draft; it is ${status}` }], 'order_not_draft');
}

/**
 * Which channels reach a recipient. Pure rules, no I/O.
 *
 * - Each message kind allows some channels (a payment number goes by email only).
 * - The caller names the channels it wants (an order's chosen outreach), or gets
 *   the kind's default; every wanted channel that can reach the recipient is used.
 * - A channel reaches a recipient when the recipient has the contact it needs
 *   (an email address, a complete postal address, a phone number) and has not
 *   opted out of it.
 * - When no wanted channel reaches the recipient, the first reachable channel
 *   of the order's fallbacks is used (no email address -> postcard, if the
 *   order allows postcards).
 */
import { isEmail, normalisePhone } from '@kessai/platform';
export type Channel = 'email' | 'postcard' | 'phone';
export type MessageKind =
  | 'payment_number'
  | 'payment_reminder'
  | 'bill_updated'
  | 'payment_receipt'
  | 'remittance_invitation'
  | 'remittance_recontact'
  | 'test'
  | 'console_password_reset'
  | 'mandate_mismatches'
  | 'remittance_shortfall'
  | 'remittance_results'
  | 'statement_fixed'
  | 'invoice_issued'
  | 'invoice_overdue';

export const MESSAGE_KINDS: readonly MessageKind[] = [
  'payment_number',
  'payment_reminder',
  'bill_updated',
  'payment_receipt',
  'remittance_invitation',
  'remittance_recontact',
  'test',
  'console_password_reset',
  'mandate_mismatches',
  'remittance_shortfall',
  'remittance_results',
  'statement_fixed',
  'invoice_issued',
  'invoice_overdue',
];

export interface PostalAddress {
  postalCode: string;
  prefecture: string;
  city: string;
  line1: string;
  line2: string;
}

export interface RecipientContact {
  name: string;
  email: string;
  postalAddress?: PostalAddress;
  phone: string;
  optedOut: Channel[];
}

interface KindRule {
  allowed: readonly Channel[];
  defaults: readonly Channel[];
}

export const KIND_RULES: Record<MessageKind, KindRule> = {
  payment_number: { allowed: ['email'], defaults: ['email'] },
  payment_reminder: { allowed: ['email'], defaults: ['email'] },
  bill_updated: { allowed: ['email'], defaults: ['email'] },
  payment_receipt: { allowed: ['email'], defaults: ['email'] },
  remittance_invitation: { allowed: ['email', 'postcard', 'phone'], defaults: ['email'] },
  remittance_recontact: { allowed: ['email', 'postcard', 'phone'], defaults: ['email'] },
  test: { allowed: ['email', 'postcard', 'phone'], defaults: ['email'] },
  console_password_reset: { allowed: ['email'], defaults: ['email'] },
  mandate_mismatches: { allowed: ['email'], defaults: ['email'] },
  remittance_shortfall: { allowed: ['email'], defaults: ['email'] },
  remittance_results: { allowed: ['email'], defaults: ['email'] },
  statement_fixed: { allowed: ['email'], defaults: ['email'] },
  invoice_issued: { allowed: ['email'], defaults: ['email'] },
  invoice_overdue: { allowed: ['email'], defaults: ['email'] },
};

export type Unreachable = { channel: Channel; reason: 'not_allowed_for_kind' | 'no_contact' | 'opted_out' };

export interface ChannelDecision {
  channels: Channel[];
  /** why each wanted or fallback channel was not used */
  skipped: Unreachable[];
  usedFallback: boolean;
}

/** Seven digits, written 1234567 or 123-4567 (full-width digits accepted). */
export function normalisePostalCode(raw: string): string | undefined {
  const ascii = raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[‐－ー−]/g, '-').trim();
  const m = /^(\d{3})-?(\d{4})$/.exec(ascii);
  return m ? `${m[1]}${m[2]}` : undefined;
}

export function hasPostalAddress(a: PostalAddress | undefined): boolean {
  return !!a && normalisePostalCode(a.postalCode) !== undefined && a.prefecture.trim() !== '' && a.city.trim() !== '' && a.line1.trim() !== '';
}

function hasContact(channel: Channel, r: RecipientContact): boolean {
  switch (channel) {
    case 'email':
      return isEmail(r.email);
    case 'postcard':
      return hasPostalAddress(r.postalAddress);
    case 'phone':
      return normalisePhone(r.phone) !== undefined;
  }
}

function reachability(kind: MessageKind, channel: Channel, r: RecipientContact): Unreachable | undefined {
  if (!KIND_RULES[kind].allowed.includes(channel)) return { channel, reason: 'not_allowed_for_kind' };
  if (r.optedOut.includes(channel)) return { channel, reason: 'opted_out' };
  if (!hasContact(channel, r)) return { channel, reason: 'no_contact' };
  return undefined;
}

export function decideChannels(input: { kind: MessageKind; wanted: Channel[]; fallbacks: Channel[]; recipient: RecipientContact }): ChannelDecision {
  const wanted = unique(input.wanted.length > 0 ? input.wanted : [...KIND_RULES[input.kind].defaults]);
  const skipped: Unreachable[] = [];
  const channels: Channel[] = [];
  for (const c of wanted) {
    const why = reachability(input.kind, c, input.recipient);
    if (why) skipped.push(why);
    else channels.push(c);
  }
  if (channels.length > 0) return { channels, skipped, usedFallback: false };
  for (const c of unique(input.fallbacks)) {
    if (wanted.includes(c)) continue;
    const why = reachability(input.kind, c, input.recipient);
    if (why) skipped.push(why);
    else return { channels: [c], skipped, usedFallback: true };
  }
  return { channels: [], skipped, usedFallback: false };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

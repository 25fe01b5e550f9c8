import type { Channel } from './types';

/** What the ladder knows about one recipient in one contact round. */
export interface LadderState {
  channels: Channel[];
  hasEmail: boolean;
  hasAddress: boolean;
  hasPhone: boolean;
  postcardAfterDays: number;
  phoneAfterDays: number;
  roundStartedAt: Date;
  /** channels already used this round */
  sent: Channel[];
}

const DAY = 86_400_000;

/**
 * The outreach ladder (docs/reference/remittance.md#outreach), escalating to
 * keep costs down: an email with the link and code at once; a postcard after
 * N days without a registration — at once when there is no email; a phone
 * task after M days when the order allows phone and a number exists. Returns
 * the channels due at `now` that were not used this round yet.
 */
export function dueChannels(s: LadderState, now: Date): Channel[] {
  const allowed = (c: Channel) => s.channels.includes(c) && !s.sent.includes(c);
  const age = now.getTime() - s.roundStartedAt.getTime();
  const emailUsable = s.channels.includes('email') && s.hasEmail;
  const due: Channel[] = [];
  if (allowed('email') && s.hasEmail) due.push('email');
  if (allowed('postcard') && s.hasAddress && (!emailUsable || age >= s.postcardAfterDays * DAY)) due.push('postcard');
  const nothingElse = !emailUsable && !(s.channels.includes('postcard') && s.hasAddress);
  if (allowed('phone') && s.hasPhone && (nothingElse || age >= s.phoneAfterDays * DAY)) due.push('phone');
  return due;
}

/** When the ladder next has something to do (null: nothing left this round). */
export function nextLadderStep(s: LadderState): Date | null {
  const later: number[] = [];
  const start = s.roundStartedAt.getTime();
  if (s.channels.includes('postcard') && s.hasAddress && !s.sent.includes('postcard')) later.push(start + s.postcardAfterDays * DAY);
  if (s.channels.includes('phone') && s.hasPhone && !s.sent.includes('phone')) later.push(start + s.phoneAfterDays * DAY);
  return later.length ? new Date(Math.min(...later)) : null;
}

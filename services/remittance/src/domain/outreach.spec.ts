import { dueChannels, type LadderState, nextLadderStep } from './outreach';

const DAY = 86_400_000;
const start = new Date('2026-06-01T00:00:00Z');
const at = (days: number) => new Date(start.getTime() + days * DAY);
const base: LadderState = { channels: ['email', 'postcard', 'phone'], hasEmail: true, hasAddress: true, hasPhone: true, postcardAfterDays: 7, phoneAfterDays: 14, roundStartedAt: start, sent: [] };

describe('the outreach ladder', () => {
  it.each<[string, Partial<LadderState>, number, string[]]>([
    ['email at once', {}, 0, ['email']],
    ['nothing more before day 7', { sent: ['email'] }, 6.9, []],
    ['postcard after 7 days', { sent: ['email'] }, 7, ['postcard']],
    ['phone after 14 days', { sent: ['email', 'postcard'] }, 14, ['phone']],
    ['no email: postcard at once', { hasEmail: false }, 0, ['postcard']],
    ['no email, no address: phone at once', { hasEmail: false, hasAddress: false }, 0, ['phone']],
    ['phone not allowed by the order', { channels: ['email', 'postcard'], sent: ['email', 'postcard'] }, 30, []],
    ['no phone number', { hasPhone: false, sent: ['email', 'postcard'] }, 30, []],
    ['order settings: postcard after 3 days', { postcardAfterDays: 3, sent: ['email'] }, 3, ['postcard']],
    ['email not a channel: postcard at once', { channels: ['postcard'] }, 0, ['postcard']],
  ])('%s', (_what, over, day, expected) => {
    expect(dueChannels({ ...base, ...over }, at(day))).toEqual(expected);
  });

  it('plans the next step', () => {
    expect(nextLadderStep({ ...base, sent: ['email'] })).toEqual(at(7));
    expect(nextLadderStep({ ...base, sent: ['email', 'postcard'] })).toEqual(at(14));
    expect(nextLadderStep({ ...base, sent: ['email', 'postcard', 'phone'] })).toBeNull();
  });
});

import { backoffMs, isTemporary, outcomeOfFailure } from './delivery';

const now = new Date('2026-11-23T00:00:00Z');

describe('email delivery rules', () => {
  it('treats 4xx and network errors as temporary, 5xx as permanent', () => {
    expect(isTemporary({ responseCode: 451, message: '451 try later' })).toBe(true);
    expect(isTemporary({ responseCode: 421, message: 'busy' })).toBe(true);
    expect(isTemporary({ responseCode: 550, message: 'no such user' })).toBe(false);
    expect(isTemporary({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).toBe(true);
    expect(isTemporary({ code: 'EENVELOPE', message: 'no recipients' })).toBe(false);
  });

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('retries a temporary failure later, gives up after the last attempt', () => {
    expect(outcomeOfFailure({ responseCode: 451, message: '451 4.3.0 try later' }, 1, now)).toEqual({
      status: 'queued',
      nextAttemptAt: new Date('2026-11-23T00:01:00Z'),
      reason: '451 4.3.0 try later',
    });
    expect(outcomeOfFailure({ responseCode: 451, message: 'later' }, 6, now)).toEqual({ status: 'failed', reason: 'gave up after 6 attempts: 451 later', permanent: false });
  });

  it('fails a permanent failure at once, keeping the SMTP reason', () => {
    expect(outcomeOfFailure({ responseCode: 550, message: '550 5.1.1 mailbox unavailable' }, 1, now)).toEqual({
      status: 'failed',
      reason: '550 5.1.1 mailbox unavailable',
      permanent: true,
    });
  });
});

it('keeps addresses out of the recorded reason', () => {
  expect(outcomeOfFailure({ responseCode: 550, message: '550 5.1.1 <taro@example.jp>: unknown' }, 1, now)).toMatchObject({ reason: '550 5.1.1 <[address]>: unknown' });
});

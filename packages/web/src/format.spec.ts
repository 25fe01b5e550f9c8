import { formatDate, formatDateTime, formatYen, isoTokyo } from './format';

describe('formatYen', () => {
  it('groups thousands with the yen sign or the 円 suffix', () => {
    expect(formatYen(1234)).toBe('¥1,234');
    expect(formatYen(1234, 'suffix')).toBe('1,234円');
    expect(formatYen(0)).toBe('¥0');
    expect(formatYen(999)).toBe('¥999');
    expect(formatYen(300_000_000, 'suffix')).toBe('300,000,000円');
  });

  it('puts the minus sign before the symbol', () => {
    expect(formatYen(-1500)).toBe('-¥1,500');
    expect(formatYen(-1500, 'suffix')).toBe('-1,500円');
  });

  it('uses the half-width yen sign, never the full-width ￥', () => {
    expect(formatYen(1)).not.toContain('￥');
  });

  it('refuses anything that is not a safe integer of yen', () => {
    expect(() => formatYen(1.5)).toThrow(RangeError);
    expect(() => formatYen(Number.NaN)).toThrow(RangeError);
    expect(() => formatYen(2 ** 53)).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it('writes a calendar date in Japanese or ISO form', () => {
    expect(formatDate('2026-12-01', 'ja')).toBe('2026年12月1日');
    expect(formatDate('2026-12-01', 'en')).toBe('2026-12-01');
  });

  it('reads an instant in Asia/Tokyo: 15:30 UTC on 30 November is already 1 December in Japan', () => {
    const at = new Date('2026-11-30T15:30:00Z');
    expect(formatDate(at, 'ja')).toBe('2026年12月1日');
    expect(formatDate(at, 'en')).toBe('2026-12-01');
    expect(formatDate('2026-11-30T15:30:00Z', 'en')).toBe('2026-12-01');
  });

  it('is still 30 November in Japan at 14:59 UTC', () => {
    expect(formatDate(new Date('2026-11-30T14:59:59Z'), 'ja')).toBe('2026年11月30日');
  });

  it('rejects an invalid date', () => {
    expect(() => formatDate(new Date('nope'), 'ja')).toThrow(RangeError);
  });
});

describe('formatDateTime', () => {
  it('shows Japan time with a 24-hour clock and the JST label', () => {
    const at = new Date('2026-12-01T00:05:00Z');
    expect(formatDateTime(at, 'ja')).toBe('2026年12月1日 09:05 JST');
    expect(formatDateTime(at, 'en')).toBe('2026-12-01 09:05 JST');
  });

  it('writes midnight as 00, not 24', () => {
    expect(formatDateTime(new Date('2026-11-30T15:00:00Z'), 'en')).toBe('2026-12-01 00:00 JST');
  });

  it('gives the machine-readable value with the +09:00 offset', () => {
    expect(isoTokyo(new Date('2026-11-30T15:00:00Z'))).toBe('2026-12-01T00:00+09:00');
  });
});

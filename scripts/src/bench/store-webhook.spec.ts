import { backlogGrows, defaultRates, errorCodeOf, refusalLines, storeWebhookSection, type BacklogSample, type RateRun } from './store-webhook';

const samples = (outstanding: number[]): BacklogSample[] => outstanding.map((o, i) => ({ at: i + 1, outstanding: o, billing: 0, webhook: 0, deliveries: 0 }));

describe('defaultRates', () => {
  it('offers each fraction of P rounded up, so a rate held is at least its fraction', () => {
    const rates = defaultRates(1801);
    expect(rates).toEqual([46, 91, 136, 181, 271, 361]);
    expect(rates[1] / 1801).toBeGreaterThanOrEqual(0.05);
  });
});

describe('backlogGrows', () => {
  it('is steady while what is outstanding stays near a constant (latency × rate)', () => {
    expect(backlogGrows(samples([40, 55, 48, 60, 52, 58]), 100)).toBe(false);
  });
  it('grows when, at the end, more than a second of results is outstanding and twice the middle', () => {
    expect(backlogGrows(samples([40, 90, 160, 240, 330, 420]), 100)).toBe(true);
  });
  it('a small queue is not a growing backlog, even if it doubled', () => {
    expect(backlogGrows(samples([2, 3, 4, 5, 9, 12]), 100)).toBe(false);
  });
});

describe('storeWebhookSection', () => {
  const run = (rate: number, p99: number, ok: boolean): RateRun => ({
    rate, seconds: 60, sent: rate * 60, errors: 0, refusals: {}, undelivered: 0, latency: { samples: rate * 60, p50: p99 / 3, p90: p99 / 2, p99, max: p99 * 1.2 },
    achievedRate: rate, maxLateMs: 3, samples: samples([10, 12, 11, 13]), backlogGrows: !ok, ok,
  });
  it('reports the highest rate held against the aim and the burst against its 60 s', () => {
    const text = storeWebhookSection({
      runs: [run(85, 120, true), run(170, 300, true), run(340, 640, true), run(510, 2_400, false)], batchSize: '100', machine: 'a machine',
      burst: { count: 10_000, concurrency: 64, sendSeconds: 20, allDeliveredSeconds: 41, drainSeconds: 21, errors: 0, refusals: {}, undelivered: 0, latency: { samples: 10_000, p50: 9_000, p90: 17_000, p99: 21_000, max: 21_500 }, peak: { outstanding: 4_000, billing: 3_000, webhook: 500, deliveries: 100 } },
    }, 3_400);
    expect(text).toContain('Highest rate held: **340/s**');
    expect(text).toContain('— met (0.100 × P)');
    expect(text).toContain('| 510/s (0.150 × P) |');
    expect(text).toContain('| **no** |');
    expect(text).toMatch(/drained within 60 s — met \(21\.0 s/);
  });
  it('says when no rate held', () => {
    expect(storeWebhookSection({ runs: [run(85, 1_500, false)], batchSize: '100', machine: 'm' }, 3_400)).toContain('**not met**: no rate kept p99 under a second');
  });
  it('the section says why a window with errors did not hold', () => {
    const refusing = { ...run(170, 300, false), errors: 1, refusals: { '503 unavailable': 1 } };
    const text = storeWebhookSection({ runs: [run(85, 120, true), refusing], batchSize: '100', machine: 'm' }, 3_400);
    expect(text).toContain('Refused at 170/s: 503 unavailable × 1.');
  });
});

describe('refusals', () => {
  it('names a REST error by its code, anything else by its first characters', () => {
    expect(errorCodeOf('{"error":{"code":"unavailable","message":"try again"}}')).toBe('unavailable');
    expect(errorCodeOf('<html>\n  Bad Gateway </html>')).toBe('<html> Bad Gateway </html>');
    expect(errorCodeOf('')).toBe('(no body)');
  });
  it('lists each window that refused results, and nothing when none did', () => {
    expect(refusalLines([['92/s', {}], ['183/s', { '503 unavailable': 1, ECONNRESET: 2 }]])).toBe('Refused at 183/s: 503 unavailable × 1, ECONNRESET × 2.\n\n');
    expect(refusalLines([['92/s', {}]])).toBe('');
  });
});

/**
 * Sums for the dashboard: collections per Tokyo calendar day by status, and a
 * webhook success rate. Pure.
 */
export interface PaymentFact {
  amount: number;
  status: 'preliminary' | 'confirmed' | 'cancelled';
  paidAt: Date;
}

export interface DayCollections {
  /** YYYY-MM-DD in Asia/Tokyo */
  date: string;
  preliminary: number;
  confirmed: number;
  count: number;
}

const TOKYO_OFFSET_MS = 9 * 3600_000;

export function tokyoDate(at: Date): string {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last `days` Tokyo dates up to today's, oldest first, each with its sums (cancelled payments count nowhere). */
export function collectionsPerDay(payments: PaymentFact[], now: Date, days: number): DayCollections[] {
  const out: DayCollections[] = [];
  const byDate = new Map<string, DayCollections>();
  for (let i = days - 1; i >= 0; i--) {
    const d = { date: tokyoDate(new Date(now.getTime() - i * 86_400_000)), preliminary: 0, confirmed: 0, count: 0 };
    out.push(d);
    byDate.set(d.date, d);
  }
  for (const p of payments) {
    const day = byDate.get(tokyoDate(p.paidAt));
    if (!day || p.status === 'cancelled') continue;
    day[p.status] += p.amount;
    day.count += 1;
  }
  return out;
}

/** Succeeded / (succeeded + failed), as a whole percentage; null when nothing finished. */
export function successRate(succeeded: number, failed: number): number | null {
  const done = succeeded + failed;
  return done === 0 ? null : Math.round((succeeded / done) * 100);
}

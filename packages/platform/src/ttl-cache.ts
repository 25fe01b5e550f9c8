import type { Clock } from './clock';

/**
 * A bounded in-process cache whose entries live `ttlMs` on the service's
 * clock (the test clock moves it in tests). For reads that may be stale for a
 * stated bound — e.g. the gateway's API keys: a key revoked through another
 * replica stops working here within `ttlMs`; one revoked through this process
 * at once, as the writer deletes its entry. Misses are never cached.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly clock: Clock,
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (hit) this.entries.delete(key);
    const value = await load();
    if (value !== null && this.ttlMs > 0) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, until: now + this.ttlMs });
    }
    return value;
  }

  /** Drops every entry whose value matches (e.g. all entries of one key id). */
  deleteWhere(match: (value: V) => boolean): void {
    for (const [k, e] of this.entries) if (match(e.value)) this.entries.delete(k);
  }
}

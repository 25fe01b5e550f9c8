import type { DataSource } from 'typeorm';
import { TestClock } from '../clock';
import { quoteIdent } from './data-source';

/**
 * Keeps the test clock's offset in the service's schema, so every replica and a
 * restarted process see the same time. Replicas re-read it every second; the
 * replica that was moved knows at once.
 */
export class TestClockStore {
  private readonly table: string;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    readonly clock: TestClock,
  ) {
    this.table = `${quoteIdent(schema)}.test_clock`;
  }

  async load(): Promise<void> {
    const rows: { offset_ms: string }[] = await this.dataSource.query(`SELECT offset_ms FROM ${this.table} WHERE id = 1`);
    const offset = rows.length ? Number(rows[0].offset_ms) : 0;
    if (offset > this.clock.offset) this.clock.setOffset(offset);
  }

  startPolling(ms = 1_000): void {
    this.timer = setInterval(() => void this.load().catch(() => undefined), ms);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Moves time forward by `ms`, or to `to` (never backwards). */
  async advance(input: { ms?: number; to?: Date }): Promise<Date> {
    await this.load();
    const current = this.clock.now().getTime();
    const target = input.to ? input.to.getTime() : current + (input.ms ?? 0);
    if (target < current) throw new RangeError('the test clock only moves forward');
    const offset = this.clock.offset + (target - current);
    await this.dataSource.query(
      `INSERT INTO ${this.table} (id, offset_ms, updated_at) VALUES (1, $1, now())
       ON CONFLICT (id) DO UPDATE SET offset_ms = GREATEST(${this.table}.offset_ms, EXCLUDED.offset_ms), updated_at = now()`,
      [offset],
    );
    await this.load();
    return this.clock.now();
  }
}

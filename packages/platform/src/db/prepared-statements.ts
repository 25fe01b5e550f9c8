import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Server-side prepared statements for the statements a process runs again
 * and again (docs/database.md#prepared-statements).
 *
 * node-postgres sends every parameterised statement unnamed, so Postgres
 * parses, analyses and plans it on each call; for the short statements of a
 * request's path the planning alone took longer than the execution (measured
 * with pg_stat_statements: reading a bill by id planned for 0.18 ms and ran
 * for 0.06 ms). Once a statement's text has run `PREPARE_AFTER` times in this
 * process, it is sent as a named statement instead: each connection parses it
 * once and then only binds and executes it, and Postgres may keep a generic
 * plan for it (plan_cache_mode = auto, as with any PREPARE). This is what
 * pgjdbc does with its prepareThreshold.
 *
 * What stays as it was:
 * - statements without parameters use the simple protocol (BEGIN, COMMIT,
 *   multi-statement migrations);
 * - texts built for one call (a VALUES list of a batch's size) rarely reach
 *   the threshold, and at most `MAX_PREPARED` texts are ever prepared, so a
 *   connection's statements stay bounded;
 * - a text whose prepared plan Postgres refuses after a schema change
 *   ("cached plan must not change result type", 0A000) is sent unnamed from
 *   then on; the failed call fails as any statement can, and its caller's
 *   retry runs unprepared.
 */
export const PREPARE_AFTER = 3;
export const MAX_PREPARED = 500;
/** texts counted but not yet prepared are forgotten beyond this many (one-off texts) */
const MAX_COUNTED = 5_000;

export class StatementNames {
  private readonly uses = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private readonly refused = new Set<string>();

  constructor(
    private readonly after = PREPARE_AFTER,
    private readonly max = MAX_PREPARED,
    private readonly maxCounted = MAX_COUNTED,
  ) {}

  /** The name to prepare this text under, once it has run often enough; undefined: send it unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= this.max || this.refused.has(text)) return undefined;
    const uses = (this.uses.get(text) ?? 0) + 1;
    if (uses < this.after) {
      if (this.uses.size >= this.maxCounted) this.uses.clear();
      this.uses.set(text, uses);
      return undefined;
    }
    this.uses.delete(text);
    const name = `k_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    this.names.set(text, name);
    return name;
  }

  /** After Postgres refused the prepared plan: never prepare this text again. */
  refuse(text: string): void {
    this.names.delete(text);
    this.refused.add(text);
  }
}

/** One per process: names derive from the text alone, so every connection of every pool agrees. */
export const statementNames = new StatementNames();

const PLAN_REFUSED = '0A000';
type Callback = (err: Error | null, res?: unknown) => void;

/**
 * A pg Client that prepares frequent statements (above). The platform's pools
 * use it (`createDataSource`); callers change nothing.
 */
export class PreparingClient extends pg.Client {
  // pg's overloads are many (a promise, or nothing with a callback): one signature, typed `never` so it
  // fits them all; everything passes through, and only (text, values[]) gets a name
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    const name = typeof config === 'string' && Array.isArray(values) && values.length > 0 ? statementNames.nameFor(config) : undefined;
    if (!name) return (super.query as (...a: unknown[]) => unknown)(config, values, callback) as never;
    const text = config as string;
    const refused = (err: unknown) => {
      if ((err as { code?: string } | null)?.code === PLAN_REFUSED) statementNames.refuse(text);
    };
    if (typeof callback === 'function') {
      return (super.query as (...a: unknown[]) => unknown)({ name, text }, values, (err: Error | null, res?: unknown) => {
        if (err) refused(err);
        (callback as Callback)(err, res);
      }) as never;
    }
    return ((super.query as (...a: unknown[]) => Promise<unknown>)({ name, text }, values)).catch((err: unknown) => {
      refused(err);
      throw err;
    }) as never;
  }
}

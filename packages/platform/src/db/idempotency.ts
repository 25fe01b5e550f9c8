import type { EntityManager } from 'typeorm';
import { ConflictError } from '../errors';
import { requestHash } from '../idempotency';
import { quoteIdent, returnedRows } from './data-source';
import { SqlParams } from './sql-params';

/** The error code of a key reused for another request (API keys and internal request ids alike). */
export const IDEMPOTENCY_KEY_REUSED = 'idempotency_key_reused';

/**
 * The error code a partner sees when it reuses an event id for another event.
 * It is part of the published partner contract (docs/idempotency.md), so it
 * keeps its own name; everything else answers `idempotency_key_reused`.
 */
export const EVENT_ID_REUSED = 'event_id_reused';

export interface IdempotentCommand {
  /**
   * Where the key is unique, e.g. `bill.create:live:mer_123`. Two commands in
   * one scope with the same key are the same command.
   */
  scope: string;
  /** the caller's idempotency key, request id or partner event id */
  key: string;
  /** what the command does; hashed with the request, so a key reused for another operation conflicts */
  operation: string;
  /** the input that must be identical on a retry (leave the key itself out) */
  request: unknown;
  /** error code for "same key, other request" (default `idempotency_key_reused`) */
  conflictCode?: string;
  /** the field the key came from, named in the conflict error (default `idempotency_key`) */
  param?: string;
}

export interface IdempotentResult<T> {
  value: T;
  /** true when this call replayed a stored result instead of running the effect */
  replayed: boolean;
}

type Tx = Pick<EntityManager, 'query'>;

/**
 * One idempotency mechanism for every service (docs/idempotency.md).
 *
 * A command is keyed by (scope, key) and stored with a hash of its request in
 * the service's own `idempotency_commands` table (a platform migration). It
 * runs inside the caller's transaction, so the claim, the effect and the stored
 * result commit or roll back together:
 * - first call: the key is claimed, `work` runs, its result is stored;
 * - identical retry: the stored result is replayed and `work` does not run;
 * - same key, other request: ConflictError, nothing written;
 * - two concurrent identical calls (any processes): the second waits on the
 *   first's uncommitted claim, then replays its result — one effect. If the
 *   first rolls back, the second claims the key and runs.
 */
export class Idempotency {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteIdent(schema)}.idempotency_commands`;
  }

  async run<T>(tx: Tx, command: IdempotentCommand, work: () => Promise<T>, revive: (stored: unknown) => T = (v) => v as T): Promise<IdempotentResult<T>> {
    const hash = requestHash({ operation: command.operation, request: command.request });
    const claimed: unknown[] = await tx.query(
      `INSERT INTO ${this.table} (scope, key, operation, request_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [command.scope, command.key, command.operation, hash],
    );
    if (claimed.length === 0) return this.replay(tx, command, revive);
    const value = await work();
    await tx.query(`UPDATE ${this.table} SET response = $3::jsonb WHERE scope = $1 AND key = $2`, [command.scope, command.key, JSON.stringify(value ?? null)]);
    return { value, replayed: false };
  }

  /**
   * `run` for a command whose result is known before its effect runs (e.g. the
   * id of the row it inserts): the claim stores the result in the same
   * statement, so a new command costs one round trip here instead of two.
   * `effect` is what `work` returned (undefined on a replay).
   */
  async runKnown<T, R>(tx: Tx, command: IdempotentCommand, value: T, work: () => Promise<R>, revive: (stored: unknown) => T = (v) => v as T): Promise<IdempotentResult<T> & { effect?: R }> {
    const p = new SqlParams();
    const claimed: unknown[] = await tx.query(this.claimKnownSql(p, command, value), p.values);
    if (claimed.length === 0) return this.replay(tx, command, revive);
    return { value, replayed: false, effect: await work() };
  }

  /**
   * The claim of `runKnown` as an INSERT to run inside the caller's own
   * statement (a part of a WITH): it answers a row when the command is new.
   * When it answers none, the caller writes nothing and calls `replay`.
   */
  claimKnownSql<T>(p: SqlParams, command: IdempotentCommand, value: T): string {
    const hash = requestHash({ operation: command.operation, request: command.request });
    return `INSERT INTO ${this.table} (scope, key, operation, request_hash, response)
       VALUES (${p.add(command.scope)}, ${p.add(command.key)}, ${p.add(command.operation)}, ${p.add(hash)}, ${p.add(JSON.stringify(value ?? null))}::jsonb)
       ON CONFLICT DO NOTHING RETURNING 1`;
  }

  /** The stored result of a command whose claim found it already run; a conflict when it ran with another request. */
  async replay<T>(tx: Tx, command: IdempotentCommand, revive: (stored: unknown) => T = (v) => v as T): Promise<IdempotentResult<T>> {
    const hash = requestHash({ operation: command.operation, request: command.request });
    const [prior] = await tx.query(`SELECT request_hash, response FROM ${this.table} WHERE scope = $1 AND key = $2`, [command.scope, command.key]);
    if (!prior || prior.request_hash !== hash) throw this.conflict(command);
    return { value: revive(prior.response), replayed: true };
  }

  /** The stored result of a command, if it ran (to answer a lookup by key without running anything). */
  async find(tx: Tx, scope: string, key: string): Promise<{ operation: string; response: unknown } | null> {
    const [row] = await tx.query(`SELECT operation, response FROM ${this.table} WHERE scope = $1 AND key = $2`, [scope, key]);
    return row ? { operation: row.operation, response: row.response } : null;
  }

  /** Deletes records created before `before` (for scopes whose keys expire). Returns how many. */
  async prune(tx: Tx, before: Date, scopePrefix = ''): Promise<number> {
    const result = await tx.query(`DELETE FROM ${this.table} WHERE created_at < $1 AND scope LIKE $2 RETURNING 1`, [before, `${scopePrefix.replace(/[\\%_]/g, '\\$&')}%`]);
    return returnedRows(result).length;
  }

  private conflict(command: IdempotentCommand): ConflictError {
    const param = command.param ?? 'idempotency_key';
    return new ConflictError(command.conflictCode ?? IDEMPOTENCY_KEY_REUSED, `${param} "${command.key}" was already used with a different request`, { param });
  }
}

/** A scope for per-merchant keys: `<operation family>:<live|test>:<merchant id>`. */
export function merchantScope(family: string, livemode: boolean, merchantId: string): string {
  return `${family}:${livemode ? 'live' : 'test'}:${merchantId}`;
}

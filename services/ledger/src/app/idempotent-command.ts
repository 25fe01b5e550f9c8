import { ConflictError, QueryRunner, requestHash } from '@kessai/platform';
import type { LedgerDeps } from './deps';

/**
 * Runs a command (hold, capture, release) once per idempotency key: the key is
 * claimed in the same transaction as the command's effects and its response
 * stored with it. Same key + same request → the stored response; same key +
 * another request → conflict. A failed command leaves no claim behind.
 */
export async function idempotentCommand<T>(
  deps: LedgerDeps,
  command: { livemode: boolean; idempotencyKey: string; operation: string; request: unknown },
  work: (q: QueryRunner) => Promise<T>,
  revive: (json: unknown) => T,
): Promise<{ value: T; replayed: boolean }> {
  const hash = requestHash({ operation: command.operation, request: command.request });
  return deps.dataSource.transaction(async (tx) => {
    const q = tx.queryRunner!;
    const claimed = await q.query(
      `INSERT INTO ledger.commands (livemode, idempotency_key, operation, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1 AS claimed`,
      [command.livemode, command.idempotencyKey, command.operation, hash],
    );
    if (claimed.length === 0) {
      const [prior] = await q.query(`SELECT operation, request_hash, response FROM ledger.commands WHERE livemode = $1 AND idempotency_key = $2`, [
        command.livemode,
        command.idempotencyKey,
      ]);
      if (prior.operation !== command.operation || prior.request_hash !== hash) {
        throw new ConflictError('idempotency_key_reused', `idempotency key "${command.idempotencyKey}" was already used with a different request`);
      }
      return { value: revive(prior.response), replayed: true };
    }
    const value = await work(q);
    await q.query(`UPDATE ledger.commands SET response = $3 WHERE livemode = $1 AND idempotency_key = $2`, [
      command.livemode,
      command.idempotencyKey,
      JSON.stringify(value),
    ]);
    return { value, replayed: false };
  });
}

import { ConflictError, DomainError, DomainEvent, IDEMPOTENCY_KEY_REUSED, newId, Outbox, PreconditionError, QueryRunner, ValidationError, yenFromDb } from '@kessai/platform';
import { ledgerEventsV1 } from '@kessai/contracts';
import { floorRule, parseAccountId } from '../domain/accounts';
import { AccountState, applyIfFunded, BalanceChange, needsLock, netChanges } from '../domain/balances';
import type { PostCommand, PostedTransaction } from '../domain/transaction';

/**
 * What commits together or not at all: zero or more transactions and any
 * changes to held amounts (a hold, a capture). One Post is a group of one
 * transaction; an atomic PostBatch is one group of many.
 */
export interface Group {
  commands: PostCommand[];
  heldChanges?: BalanceChange[];
  /**
   * Groups sharing this object (one PostBatch call that asked for it) get one
   * `ledger.transactions.posted` event per mode instead of one
   * `ledger.transaction.posted` per transaction.
   */
  eventBatch?: object;
}

export type GroupOutcome =
  | { ok: true; transactions: PostedTransaction[]; replayed: boolean }
  | { ok: false; error: DomainError };

/** The accounts created by a batch (callers cache them once it has committed). */
export interface ApplyResult {
  outcomes: GroupOutcome[];
  createdAccounts: string[];
}

type Rows = Record<string, unknown>[];

async function rows(q: QueryRunner, sql: string, params: unknown[] = []): Promise<Rows> {
  const result = await q.query(sql, params, true);
  return result.records as Rows;
}

/**
 * The ledger's write path. `applyGroups` runs inside a transaction the caller
 * owns (the committer's, or an inbox consumer's), so an event and the
 * postings it causes commit together.
 *
 * Idempotency of transactions: `(livemode, idempotency_key)` is the natural
 * unique key of the transaction row, and the row keeps the request's hash
 * (`PostCommand.requestHash`, the platform's `requestHash`). A batch checks
 * all its keys in the one statement that also reads the balances (step 3), so
 * the hot path adds no round trip and no second table per transfer
 * (docs/adr/0002-ledger-balances.md). A reused key answers the platform's
 * `idempotency_key_reused`, as `kit.idempotency` does for holds.
 */
export class LedgerStore {
  constructor(
    private readonly outbox: Outbox,
    private readonly knownAccounts: Set<string> = new Set(),
  ) {}

  rememberAccounts(ids: string[]): void {
    for (const id of ids) this.knownAccounts.add(id);
  }

  async applyGroups(q: QueryRunner, groups: Group[], now: Date): Promise<ApplyResult> {
    const outcomes: (GroupOutcome | undefined)[] = new Array(groups.length);
    const commands = groups.flatMap((g) => g.commands);

    // 1. Accounts: create the ones this process has not seen yet.
    const touched = new Set<string>();
    for (const g of groups) {
      for (const c of g.commands) for (const p of c.postings) touched.add(p.accountId);
      for (const h of g.heldChanges ?? []) touched.add(h.accountId);
    }
    const unknown = [...touched].filter((id) => !this.knownAccounts.has(id));
    if (unknown.length > 0) {
      const keys = unknown.map(parseAccountId);
      await q.query(
        `INSERT INTO ledger.accounts (id, livemode, owner_id, type, floor_rule)
         SELECT * FROM unnest($1::text[], $2::boolean[], $3::text[], $4::text[], $5::text[]) ON CONFLICT (id) DO NOTHING`,
        [unknown, keys.map((k) => k.livemode), keys.map((k) => k.ownerId), keys.map((k) => k.type), keys.map((k) => floorRule(k.type))],
      );
    }

    // 2. Lock the accounts that money leaves (or whose holds move), in id order.
    //    (Replayed groups' accounts are locked too: harmless, and it saves a round trip.)
    const changesByGroup = groups.map((g) => mergeChanges([...netChanges(g.commands.flatMap((c) => c.postings)), ...(g.heldChanges ?? [])]));
    const toLock = new Set<string>();
    for (const changes of changesByGroup) {
      for (const c of changes) if (needsLock(c) && floorRule(parseAccountId(c.accountId).type) !== 'unbounded') toLock.add(c.accountId);
    }
    const states = new Map<string, AccountState>();
    const lockIds = [...toLock].sort();
    if (lockIds.length > 0) {
      // FOR NO KEY UPDATE: excludes other writers of the balance, not readers.
      const locked = await rows(q, `SELECT id, total, held, floor_rule FROM ledger.accounts WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`, [lockIds]);
      for (const r of locked) {
        states.set(r.id as string, { total: yenFromDb(r.total as string), held: yenFromDb(r.held as string), floor: r.floor_rule as AccountState['floor'] });
      }
    }

    // 3. One statement, its snapshot taken after the locks are held: which
    //    idempotency keys exist already, and the locked accounts' pending deltas.
    const existing = new Map<string, { id: string; hash: string }>();
    if (commands.length > 0 || lockIds.length > 0) {
      const found = await rows(
        q,
        `SELECT 'key' AS kind, id, livemode, idempotency_key AS key, request_hash AS hash, NULL::numeric AS amount FROM ledger.transactions
          WHERE (livemode, idempotency_key) IN (SELECT * FROM unnest($1::boolean[], $2::text[]))
         UNION ALL
         SELECT 'delta', account_id, NULL, NULL, NULL, sum(amount) FROM ledger.balance_deltas WHERE account_id = ANY($3) GROUP BY account_id`,
        [commands.map((c) => c.livemode), commands.map((c) => c.idempotencyKey), lockIds],
      );
      for (const r of found) {
        if (r.kind === 'key') existing.set(modeKey(r.livemode as boolean, r.key as string), { id: r.id as string, hash: r.hash as string });
        else states.get(r.id as string)!.total += yenFromDb(r.amount as string);
      }
    }

    // 4. Idempotency: replays, conflicts, and keys repeated within this batch.
    const replayIds = new Map<number, string[]>();
    const seenInBatch = new Map<string, { group: number; hash: string }>();
    const duplicateOf = new Map<number, number>();
    groups.forEach((g, gi) => {
      const ids: string[] = [];
      let conflict: string | undefined;
      let fresh = 0;
      for (const c of g.commands) {
        const prior = existing.get(modeKey(c.livemode, c.idempotencyKey));
        if (prior) {
          if (prior.hash !== c.requestHash) conflict = c.idempotencyKey;
          else ids.push(prior.id);
        } else fresh++;
      }
      if (conflict !== undefined) {
        outcomes[gi] = { ok: false, error: keyReused(conflict) };
      } else if (g.commands.length > 0 && fresh === 0) {
        replayIds.set(gi, ids);
      } else if (ids.length > 0) {
        outcomes[gi] = { ok: false, error: new ConflictError(IDEMPOTENCY_KEY_REUSED, 'some of these idempotency keys were already used by other transactions', { param: 'idempotency_key' }) };
      } else {
        const keys = g.commands.map((c) => modeKey(c.livemode, c.idempotencyKey));
        if (new Set(keys).size !== keys.length) {
          outcomes[gi] = { ok: false, error: ValidationError.field('transactions', 'the same idempotency key appears twice in one atomic batch') };
          return;
        }
        for (const [i, key] of keys.entries()) {
          const earlier = seenInBatch.get(key);
          if (!earlier) continue;
          if (earlier.hash !== g.commands[i].requestHash || g.commands.length !== 1) {
            outcomes[gi] = { ok: false, error: keyReused(g.commands[i].idempotencyKey) };
          } else duplicateOf.set(gi, earlier.group);
          return;
        }
        keys.forEach((key, i) => seenInBatch.set(key, { group: gi, hash: g.commands[i].requestHash }));
      }
    });
    const freshGroups = groups.map((_, gi) => gi).filter((gi) => outcomes[gi] === undefined && !replayIds.has(gi) && !duplicateOf.has(gi));

    // 5. Decide each fresh group in order against the running balances.
    const accepted: number[] = [];
    for (const gi of freshGroups) {
      const shortfall = applyIfFunded(states, changesByGroup[gi].filter((c) => states.has(c.accountId)));
      if (shortfall) {
        outcomes[gi] = {
          ok: false,
          error: new PreconditionError('insufficient_funds', `account ${shortfall.accountId} has ${shortfall.available} yen available; ${shortfall.needed} needed`, {
            account_id: shortfall.accountId,
            available: String(shortfall.available),
            needed: String(shortfall.needed),
          }),
        };
      } else accepted.push(gi);
    }

    // 6. Write what was accepted: transactions, postings, balances (one statement), then events.
    const stored: PostedTransaction[] = [];
    const batchOf = new Map<PostedTransaction, object>();
    for (const gi of accepted) {
      const list = groups[gi].commands.map((c) => ({
        id: newId('txn', now.getTime()),
        idempotencyKey: c.idempotencyKey,
        livemode: c.livemode,
        kind: c.kind,
        description: c.description,
        merchantId: c.merchantId,
        metadata: c.metadata,
        postings: c.postings.map((p) => ({ accountId: p.accountId, amount: p.amount })),
        postedAt: now,
        reversesTransactionId: c.reversesTransactionId ?? '',
      }));
      stored.push(...list);
      const tag = groups[gi].eventBatch;
      if (tag) for (const t of list) batchOf.set(t, tag);
      outcomes[gi] = { ok: true, transactions: list, replayed: false };
    }
    await this.write(q, stored, groups, accepted, accepted.flatMap((gi) => changesByGroup[gi]), toLock, batchOf);

    // 7. Replays and in-batch duplicates.
    if (replayIds.size > 0) {
      const loaded = await this.loadTransactions(q, [...replayIds.values()].flat());
      for (const [gi, ids] of replayIds) outcomes[gi] = { ok: true, transactions: ids.map((id) => loaded.get(id)!), replayed: true };
    }
    for (const [gi, first] of duplicateOf) {
      const o = outcomes[first]!;
      outcomes[gi] = o.ok ? { ok: true, transactions: o.transactions, replayed: true } : o;
    }
    return { outcomes: outcomes as GroupOutcome[], createdAccounts: unknown };
  }

  /**
   * Transactions, postings, locked accounts' new balances and the other
   * accounts' deltas in one statement (data-modifying CTEs), then the events.
   * Locked accounts get their row updated; all others an appended delta (no
   * lock). Held amounts only change on locked accounts.
   */
  private async write(
    q: QueryRunner, list: PostedTransaction[], groups: Group[], accepted: number[], changes: BalanceChange[], locked: Set<string>, batchOf: Map<PostedTransaction, object>,
  ): Promise<void> {
    const merged = mergeChanges(changes);
    const rowUpdates = merged.filter((c) => locked.has(c.accountId) && (c.totalDelta !== 0 || c.heldDelta !== 0));
    const deltas = merged.filter((c) => !locked.has(c.accountId) && c.totalDelta !== 0);
    if (list.length === 0 && rowUpdates.length === 0 && deltas.length === 0) return;
    const hashes = new Map<string, string>();
    for (const gi of accepted) for (const c of groups[gi].commands) hashes.set(modeKey(c.livemode, c.idempotencyKey), c.requestHash);
    const postings = list.flatMap((t) => t.postings.map((p, leg) => ({ t, p, leg })));
    await q.query(
      `WITH txns AS (
         INSERT INTO ledger.transactions (id, livemode, idempotency_key, request_hash, kind, description, merchant_id, metadata, reverses_transaction_id, posted_at)
         SELECT id, livemode, key, hash, kind, descr, merchant, meta, NULLIF(rev, ''), at
           FROM unnest($1::text[], $2::boolean[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::timestamptz[])
             AS t(id, livemode, key, hash, kind, descr, merchant, meta, rev, at)),
       postings AS (
         INSERT INTO ledger.postings (transaction_id, leg, account_id, amount, posted_at)
         SELECT * FROM unnest($11::text[], $20::smallint[], $12::text[], $13::bigint[], $14::timestamptz[])),
       balances AS (
         UPDATE ledger.accounts a SET total = a.total + d.t, held = a.held + d.h
           FROM unnest($15::text[], $16::bigint[], $17::bigint[]) AS d(id, t, h) WHERE a.id = d.id),
       deltas AS (
         INSERT INTO ledger.balance_deltas (account_id, amount) SELECT * FROM unnest($18::text[], $19::bigint[]))
       SELECT 1`,
      [
        list.map((t) => t.id),
        list.map((t) => t.livemode),
        list.map((t) => t.idempotencyKey),
        list.map((t) => hashes.get(modeKey(t.livemode, t.idempotencyKey))),
        list.map((t) => t.kind),
        list.map((t) => t.description),
        list.map((t) => t.merchantId),
        list.map((t) => JSON.stringify(t.metadata)),
        list.map((t) => t.reversesTransactionId),
        list.map((t) => t.postedAt.toISOString()),
        postings.map((x) => x.t.id),
        postings.map((x) => x.p.accountId),
        postings.map((x) => x.p.amount),
        postings.map((x) => x.t.postedAt.toISOString()),
        rowUpdates.map((c) => c.accountId),
        rowUpdates.map((c) => c.totalDelta),
        rowUpdates.map((c) => c.heldDelta),
        deltas.map((c) => c.accountId),
        deltas.map((c) => c.totalDelta),
        postings.map((x) => x.leg),
      ],
    );
    if (list.length === 0) return;
    const events: DomainEvent[] = [];
    const batches = new Map<object, Map<boolean, PostedTransaction[]>>();
    for (const t of list) {
      const tag = batchOf.get(t);
      if (!tag) {
        events.push({
          type: 'ledger.transaction.posted',
          aggregateId: t.id,
          merchantId: t.merchantId,
          livemode: t.livemode,
          occurredAt: t.postedAt,
          payloadType: 'kessai.ledger.events.v1.TransactionPosted',
          payload: ledgerEventsV1.TransactionPosted.encode(postedPayload(t)).finish(),
        });
        continue;
      }
      const byMode = batches.get(tag) ?? new Map<boolean, PostedTransaction[]>();
      batches.set(tag, byMode);
      byMode.set(t.livemode, [...(byMode.get(t.livemode) ?? []), t]);
    }
    for (const byMode of batches.values()) {
      for (const [livemode, txns] of byMode) {
        const merchants = new Set(txns.map((t) => t.merchantId));
        events.push({
          type: 'ledger.transactions.posted',
          aggregateId: txns[0].id,
          merchantId: merchants.size === 1 ? txns[0].merchantId : '',
          livemode,
          occurredAt: txns[0].postedAt,
          payloadType: 'kessai.ledger.events.v1.TransactionsPosted',
          payload: ledgerEventsV1.TransactionsPosted.encode({ transactions: txns.map((t) => ({ merchantId: t.merchantId, transaction: postedPayload(t) })) }).finish(),
        });
      }
    }
    await this.outbox.add(q, events);
  }

  async loadTransactions(q: QueryRunner, ids: string[]): Promise<Map<string, PostedTransaction>> {
    const out = new Map<string, PostedTransaction>();
    if (ids.length === 0) return out;
    const txns = await rows(q, `SELECT * FROM ledger.transactions WHERE id = ANY($1)`, [ids]);
    const postings = await rows(q, `SELECT transaction_id, account_id, amount FROM ledger.postings WHERE transaction_id = ANY($1) ORDER BY transaction_id, leg`, [ids]);
    for (const t of txns) {
      out.set(t.id as string, {
        id: t.id as string,
        idempotencyKey: t.idempotency_key as string,
        livemode: t.livemode as boolean,
        kind: t.kind as string,
        description: t.description as string,
        merchantId: t.merchant_id as string,
        metadata: t.metadata as Record<string, string>,
        postings: [],
        postedAt: new Date(t.posted_at as string),
        reversesTransactionId: (t.reverses_transaction_id as string | null) ?? '',
      });
    }
    for (const p of postings) out.get(p.transaction_id as string)?.postings.push({ accountId: p.account_id as string, amount: yenFromDb(p.amount as string) });
    return out;
  }

  /** The transaction that reverses `transactionId`, if one was posted. */
  async findReversal(q: QueryRunner, transactionId: string): Promise<{ id: string; idempotencyKey: string } | undefined> {
    const [r] = await rows(q, `SELECT id, idempotency_key FROM ledger.transactions WHERE reverses_transaction_id = $1`, [transactionId]);
    return r ? { id: r.id as string, idempotencyKey: r.idempotency_key as string } : undefined;
  }

  /**
   * Folds appended deltas into account totals. Locks the affected accounts in
   * id order (as the write path does), then moves the deltas in one statement.
   */
  async compact(q: QueryRunner, limitAccounts = 500): Promise<number> {
    const ids = (await rows(q, `SELECT DISTINCT account_id FROM ledger.balance_deltas LIMIT $1`, [limitAccounts])).map((r) => r.account_id as string);
    if (ids.length === 0) return 0;
    await q.query(`SELECT id FROM ledger.accounts WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`, [ids.sort()]);
    const moved = await rows(
      q,
      `WITH moved AS (DELETE FROM ledger.balance_deltas WHERE account_id = ANY($1) RETURNING account_id, amount),
            sums AS (SELECT account_id, sum(amount) AS s FROM moved GROUP BY account_id)
       UPDATE ledger.accounts a SET total = a.total + sums.s FROM sums WHERE a.id = sums.account_id RETURNING a.id`,
      [ids],
    );
    return moved.length;
  }
}

/** The payload of `ledger.transaction.posted` (and of each item of `ledger.transactions.posted`). */
function postedPayload(t: PostedTransaction): ledgerEventsV1.TransactionPosted {
  return {
    transactionId: t.id,
    idempotencyKey: t.idempotencyKey,
    kind: t.kind,
    description: t.description,
    postings: t.postings.map((p) => {
      const a = parseAccountId(p.accountId);
      return { account: { ownerId: a.ownerId, type: a.type }, amount: p.amount };
    }),
    metadata: t.metadata,
    postedAt: t.postedAt,
    reversesTransactionId: t.reversesTransactionId,
  };
}

/** The platform's conflict for a key reused with another request (same code and wording as `Idempotency`). */
function keyReused(key: string): ConflictError {
  return new ConflictError(IDEMPOTENCY_KEY_REUSED, `idempotency_key "${key}" was already used with a different request`, { param: 'idempotency_key' });
}

function modeKey(livemode: boolean, key: string): string {
  return `${livemode ? 'L' : 'T'}|${key}`;
}

function mergeChanges(changes: BalanceChange[]): BalanceChange[] {
  const m = new Map<string, BalanceChange>();
  for (const c of changes) {
    const prev = m.get(c.accountId);
    if (prev) {
      prev.totalDelta += c.totalDelta;
      prev.heldDelta += c.heldDelta;
    } else m.set(c.accountId, { ...c });
  }
  return [...m.values()];
}

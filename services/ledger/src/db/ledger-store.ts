import { ConflictError, DomainError, DomainEvent, newId, Outbox, PreconditionError, QueryRunner, ValidationError, yenFromDb } from '@kessai/platform';
import { ledgerEventsV1 } from '@kessai/contracts';
import { floorRule, parseAccountId } from '../domain/accounts';
import { AccountState, applyIfFunded, BalanceChange, needsLock, netChanges } from '../domain/balances';
import type { PostCommand } from '../domain/transaction';

/** A transaction as stored. */
export interface StoredTransaction {
  id: string;
  idempotencyKey: string;
  livemode: boolean;
  kind: string;
  description: string;
  merchantId: string;
  metadata: Record<string, string>;
  postings: { accountId: string; amount: number }[];
  postedAt: Date;
  reversesTransactionId: string;
}

/**
 * What commits together or not at all: zero or more transactions and any
 * changes to held amounts (a hold, a capture). One Post is a group of one
 * transaction; an atomic PostBatch is one group of many.
 */
export interface Group {
  commands: PostCommand[];
  heldChanges?: BalanceChange[];
}

export type GroupOutcome =
  | { ok: true; transactions: StoredTransaction[]; replayed: boolean }
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

    // 1. Idempotency: which keys exist already (committed)?
    const existing = new Map<string, { id: string; hash: string }>();
    if (commands.length > 0) {
      const found = await rows(
        q,
        `SELECT id, livemode, idempotency_key, request_hash FROM ledger.transactions
          WHERE (livemode, idempotency_key) IN (SELECT * FROM unnest($1::boolean[], $2::text[]))`,
        [commands.map((c) => c.livemode), commands.map((c) => c.idempotencyKey)],
      );
      for (const r of found) existing.set(modeKey(r.livemode as boolean, r.idempotency_key as string), { id: r.id as string, hash: r.request_hash as string });
    }
    const replayIds = new Map<number, string[]>();
    const seenInBatch = new Map<string, { group: number; hash: string }>();
    const duplicateOf = new Map<number, number>();
    groups.forEach((g, gi) => {
      const ids: string[] = [];
      let conflict: string | undefined;
      let fresh = 0;
      for (const c of g.commands) {
        const key = modeKey(c.livemode, c.idempotencyKey);
        const prior = existing.get(key);
        if (prior) {
          if (prior.hash !== c.requestHash) conflict = c.idempotencyKey;
          else ids.push(prior.id);
        } else fresh++;
      }
      if (conflict !== undefined) {
        outcomes[gi] = { ok: false, error: new ConflictError('idempotency_key_reused', `idempotency key "${conflict}" was already used with a different request`) };
      } else if (g.commands.length > 0 && fresh === 0) {
        replayIds.set(gi, ids);
      } else if (ids.length > 0) {
        outcomes[gi] = { ok: false, error: new ConflictError('idempotency_key_reused', 'some of these idempotency keys were already used by other transactions') };
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
            outcomes[gi] = { ok: false, error: new ConflictError('idempotency_key_reused', `idempotency key "${g.commands[i].idempotencyKey}" was already used with a different request`) };
          } else duplicateOf.set(gi, earlier.group);
          return;
        }
        keys.forEach((key, i) => seenInBatch.set(key, { group: gi, hash: g.commands[i].requestHash }));
      }
    });
    const freshGroups = groups.map((_, gi) => gi).filter((gi) => outcomes[gi] === undefined && !replayIds.has(gi) && !duplicateOf.has(gi));

    // 2. Accounts: create the ones this process has not seen yet.
    const touched = new Set<string>();
    for (const gi of freshGroups) {
      for (const c of groups[gi].commands) for (const p of c.postings) touched.add(p.accountId);
      for (const h of groups[gi].heldChanges ?? []) touched.add(h.accountId);
    }
    const unknown = [...touched].filter((id) => !this.knownAccounts.has(id));
    let createdAccounts: string[] = [];
    if (unknown.length > 0) {
      const keys = unknown.map(parseAccountId);
      await q.query(
        `INSERT INTO ledger.accounts (id, livemode, owner_id, type, floor_rule)
         SELECT * FROM unnest($1::text[], $2::boolean[], $3::text[], $4::text[], $5::text[]) ON CONFLICT (id) DO NOTHING`,
        [unknown, keys.map((k) => k.livemode), keys.map((k) => k.ownerId), keys.map((k) => k.type), keys.map((k) => floorRule(k.type))],
      );
      createdAccounts = unknown;
    }

    // 3. Lock the accounts that money leaves (or whose holds move), in id order, then read their balances.
    const changesByGroup = new Map<number, BalanceChange[]>();
    const toLock = new Set<string>();
    for (const gi of freshGroups) {
      const changes = mergeChanges([...netChanges(groups[gi].commands.flatMap((c) => c.postings)), ...(groups[gi].heldChanges ?? [])]);
      changesByGroup.set(gi, changes);
      for (const c of changes) if (needsLock(c) && floorRule(parseAccountId(c.accountId).type) !== 'unbounded') toLock.add(c.accountId);
    }
    const states = new Map<string, AccountState>();
    if (toLock.size > 0) {
      const ids = [...toLock].sort();
      // FOR NO KEY UPDATE: excludes other writers of the balance, not readers.
      const locked = await rows(q, `SELECT id, total, held, floor_rule FROM ledger.accounts WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`, [ids]);
      // A separate statement, so its snapshot is taken after the locks are held.
      const deltas = await rows(q, `SELECT account_id, sum(amount) AS amount FROM ledger.balance_deltas WHERE account_id = ANY($1) GROUP BY account_id`, [ids]);
      const pending = new Map(deltas.map((d) => [d.account_id as string, yenFromDb(d.amount as string)]));
      for (const r of locked) {
        states.set(r.id as string, {
          total: yenFromDb(r.total as string) + (pending.get(r.id as string) ?? 0),
          held: yenFromDb(r.held as string),
          floor: r.floor_rule as AccountState['floor'],
        });
      }
    }

    // 4. Decide each group in order against the running balances.
    const accepted: number[] = [];
    for (const gi of freshGroups) {
      const changes = changesByGroup.get(gi)!;
      const shortfall = applyIfFunded(states, changes.filter((c) => states.has(c.accountId)));
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

    // 5. Write what was accepted: transactions, postings, balances, events.
    const stored: StoredTransaction[] = [];
    const byGroup = new Map<number, StoredTransaction[]>();
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
      byGroup.set(gi, list);
      stored.push(...list);
      outcomes[gi] = { ok: true, transactions: list, replayed: false };
    }
    if (stored.length > 0) await this.insertTransactions(q, stored, groups, accepted);
    await this.applyBalances(q, accepted.flatMap((gi) => changesByGroup.get(gi)!), toLock);

    // 6. Replays and in-batch duplicates.
    if (replayIds.size > 0) {
      const loaded = await this.loadTransactions(q, [...replayIds.values()].flat());
      for (const [gi, ids] of replayIds) outcomes[gi] = { ok: true, transactions: ids.map((id) => loaded.get(id)!), replayed: true };
    }
    for (const [gi, first] of duplicateOf) {
      const o = outcomes[first]!;
      outcomes[gi] = o.ok ? { ok: true, transactions: o.transactions, replayed: true } : o;
    }
    return { outcomes: outcomes as GroupOutcome[], createdAccounts };
  }

  private async insertTransactions(q: QueryRunner, list: StoredTransaction[], groups: Group[], accepted: number[]): Promise<void> {
    const hashes = new Map<string, string>();
    for (const gi of accepted) for (const c of groups[gi].commands) hashes.set(modeKey(c.livemode, c.idempotencyKey), c.requestHash);
    await q.query(
      `INSERT INTO ledger.transactions (id, livemode, idempotency_key, request_hash, kind, description, merchant_id, metadata, reverses_transaction_id, posted_at)
       SELECT id, livemode, key, hash, kind, descr, merchant, meta, NULLIF(rev, ''), at
         FROM unnest($1::text[], $2::boolean[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::timestamptz[])
           AS t(id, livemode, key, hash, kind, descr, merchant, meta, rev, at)`,
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
      ],
    );
    const postings = list.flatMap((t) => t.postings.map((p) => ({ t, p })));
    await q.query(
      `INSERT INTO ledger.postings (transaction_id, account_id, amount, posted_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[])`,
      [postings.map((x) => x.t.id), postings.map((x) => x.p.accountId), postings.map((x) => x.p.amount), postings.map((x) => x.t.postedAt.toISOString())],
    );
    const events: DomainEvent[] = list.map((t) => ({
      type: 'ledger.transaction.posted',
      aggregateId: t.id,
      merchantId: t.merchantId,
      livemode: t.livemode,
      occurredAt: t.postedAt,
      payloadType: 'kessai.ledger.events.v1.TransactionPosted',
      payload: ledgerEventsV1.TransactionPosted.encode({
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
      }).finish(),
    }));
    await this.outbox.add(q, events);
  }

  /** Locked accounts get their row updated; all others get an appended delta (no lock). */
  private async applyBalances(q: QueryRunner, changes: BalanceChange[], locked: Set<string>): Promise<void> {
    const merged = mergeChanges(changes);
    const rowUpdates = merged.filter((c) => locked.has(c.accountId) && (c.totalDelta !== 0 || c.heldDelta !== 0));
    const deltas = merged.filter((c) => !locked.has(c.accountId));
    if (rowUpdates.length > 0) {
      await q.query(
        `UPDATE ledger.accounts a SET total = a.total + d.t, held = a.held + d.h
           FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS d(id, t, h) WHERE a.id = d.id`,
        [rowUpdates.map((c) => c.accountId), rowUpdates.map((c) => c.totalDelta), rowUpdates.map((c) => c.heldDelta)],
      );
    }
    // Held amounts only change on locked accounts (every held change needs the lock).
    const totals = deltas.filter((c) => c.totalDelta !== 0);
    if (totals.length > 0) {
      await q.query(`INSERT INTO ledger.balance_deltas (account_id, amount) SELECT * FROM unnest($1::text[], $2::bigint[])`, [
        totals.map((c) => c.accountId),
        totals.map((c) => c.totalDelta),
      ]);
    }
  }

  async loadTransactions(q: QueryRunner, ids: string[]): Promise<Map<string, StoredTransaction>> {
    const out = new Map<string, StoredTransaction>();
    if (ids.length === 0) return out;
    const txns = await rows(q, `SELECT * FROM ledger.transactions WHERE id = ANY($1)`, [ids]);
    const postings = await rows(q, `SELECT transaction_id, account_id, amount FROM ledger.postings WHERE transaction_id = ANY($1) ORDER BY id`, [ids]);
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

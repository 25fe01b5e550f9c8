import { NotFoundError, ValidationError, yenFromDb } from '@kessai/platform';
import { accountId, AccountType, isAccountType } from '../domain/accounts';
import type { StoredTransaction } from '../db/ledger-store';
import type { LedgerDeps } from './deps';

export interface BalanceView {
  accountId: string;
  total: number;
  held: number;
  available: number;
  asOf: Date;
}

export interface EntryView {
  postingId: string;
  transactionId: string;
  amount: number;
  kind: string;
  description: string;
  postedAt: Date;
  metadata: Record<string, string>;
}

export function resolveAccount(livemode: boolean, ref: { ownerId: string; type: string } | undefined): string {
  if (!ref || !ref.ownerId) throw ValidationError.field('account.owner_id', 'required');
  if (!isAccountType(ref.type)) throw ValidationError.field('account.type', 'unknown account type');
  return accountId({ livemode, ownerId: ref.ownerId, type: ref.type as AccountType });
}

/**
 * Total, held and available, exact: the compacted total plus pending deltas,
 * read in one statement (one snapshot). With `asOf`, the balance at that
 * instant, summed from the postings and hold movements up to it.
 */
export async function getBalance(deps: LedgerDeps, account: string, asOf?: Date): Promise<BalanceView> {
  if (asOf) {
    const [row] = await deps.dataSource.query(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM ledger.postings WHERE account_id = $1 AND posted_at <= $2) AS total,
              (SELECT coalesce(sum(CASE kind WHEN 'created' THEN amount ELSE -amount END), 0)
                 FROM ledger.hold_movements WHERE account_id = $1 AND at <= $2) AS held`,
      [account, asOf.toISOString()],
    );
    const total = yenFromDb(row.total);
    const held = yenFromDb(row.held);
    return { accountId: account, total, held, available: total - held, asOf };
  }
  const rows = await deps.dataSource.query(
    `SELECT a.total + coalesce((SELECT sum(amount) FROM ledger.balance_deltas d WHERE d.account_id = a.id), 0) AS total, a.held
       FROM ledger.accounts a WHERE a.id = $1`,
    [account],
  );
  const total = rows.length ? yenFromDb(rows[0].total) : 0;
  const held = rows.length ? yenFromDb(rows[0].held) : 0;
  return { accountId: account, total, held, available: total - held, asOf: deps.clock.now() };
}

interface Cursor {
  a: string;
  p: string;
}

export function encodeCursor(account: string, postingId: string): string {
  return Buffer.from(JSON.stringify({ a: account, p: postingId } satisfies Cursor)).toString('base64url');
}

export function decodeCursor(token: string, account: string): bigint {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (c.a !== account || !/^\d{1,19}$/.test(c.p)) throw new Error('mismatch');
    return BigInt(c.p);
  } catch {
    throw ValidationError.field('page_token', 'not a page token of this account (use next_page_token from the previous page)');
  }
}

/** Postings of one account, newest first, with cursor pagination. */
export async function listEntries(
  deps: LedgerDeps,
  account: string,
  pageSize: number,
  pageToken: string,
): Promise<{ entries: EntryView[]; nextPageToken: string }> {
  const size = pageSize === 0 ? 50 : pageSize;
  if (!Number.isInteger(size) || size < 1 || size > 500) throw ValidationError.field('page_size', 'between 1 and 500');
  const before = pageToken ? decodeCursor(pageToken, account) : null;
  const rows = await deps.dataSource.query(
    `SELECT p.id, p.transaction_id, p.amount, p.posted_at, t.kind, t.description, t.metadata
       FROM ledger.postings p JOIN ledger.transactions t ON t.id = p.transaction_id
      WHERE p.account_id = $1 AND ($2::bigint IS NULL OR p.id < $2)
      ORDER BY p.id DESC LIMIT $3`,
    [account, before === null ? null : before.toString(), size + 1],
  );
  const page = rows.slice(0, size);
  const entries: EntryView[] = page.map((r: Record<string, unknown>) => ({
    postingId: `pst_${r.id as string}`,
    transactionId: r.transaction_id as string,
    amount: yenFromDb(r.amount as string),
    kind: r.kind as string,
    description: r.description as string,
    postedAt: new Date(r.posted_at as string),
    metadata: r.metadata as Record<string, string>,
  }));
  const nextPageToken = rows.length > size ? encodeCursor(account, String(page[page.length - 1].id)) : '';
  return { entries, nextPageToken };
}

export async function getTransaction(deps: LedgerDeps, livemode: boolean, id: string): Promise<StoredTransaction> {
  if (!id) throw ValidationError.field('transaction_id', 'required');
  const runner = deps.dataSource.createQueryRunner();
  try {
    const txn = (await deps.store.loadTransactions(runner, [id])).get(id);
    if (!txn || txn.livemode !== livemode) throw new NotFoundError('transaction', id);
    return txn;
  } finally {
    await runner.release();
  }
}

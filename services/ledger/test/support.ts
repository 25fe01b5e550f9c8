import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ledgerV1 } from '@kessai/contracts';
import { DomainError } from '@kessai/platform';
import { acct, AccountType } from '../../../scripts/test/support/clients';

export const DEPOSIT = AccountType.ACCOUNT_TYPE_DEPOSIT;
export const BANK = AccountType.ACCOUNT_TYPE_PLATFORM_BANK;
export const IN_TRANSIT = AccountType.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT;

export const newMerchant = () => `mer_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
export const newKey = () => `k-${randomUUID()}`;

export function depositReq(merchant: string, amount: number, idempotencyKey = newKey()): ledgerV1.PostRequest {
  return {
    idempotencyKey, livemode: false, kind: 'deposit.received', description: '', merchantId: merchant, metadata: {},
    postings: [{ account: acct('platform', BANK), amount: -amount }, { account: acct(merchant, DEPOSIT), amount }],
  };
}

/** Money out of the deposit (a payout sent to the bank). */
export function payoutReq(merchant: string, amount: number, idempotencyKey = newKey()): ledgerV1.PostRequest {
  return {
    idempotencyKey, livemode: false, kind: 'payout.sent', description: '', merchantId: merchant, metadata: {},
    postings: [{ account: acct(merchant, DEPOSIT), amount: -amount }, { account: acct(merchant, IN_TRANSIT), amount }],
  };
}

export async function outcome<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: DomainError }> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { ok: false, error: err };
  }
}

/**
 * The ledger's invariants, straight from its tables: every transaction sums to
 * zero; every account's balance (compacted total + pending deltas) equals the
 * sum of its postings; no account with a floor has available < 0; held equals
 * what its open holds still hold.
 */
export async function ledgerInvariants(databaseUrl: string): Promise<string[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const problems: string[] = [];
    const unbalanced = await db.query(`SELECT transaction_id, sum(amount) AS s FROM ledger.postings GROUP BY 1 HAVING sum(amount) <> 0 LIMIT 5`);
    for (const r of unbalanced.rows) problems.push(`transaction ${r.transaction_id} sums to ${r.s}`);
    const drift = await db.query(`
      SELECT a.id, a.total + coalesce(d.s, 0) AS balance, coalesce(p.s, 0) AS postings
        FROM ledger.accounts a
        LEFT JOIN (SELECT account_id, sum(amount) s FROM ledger.balance_deltas GROUP BY 1) d ON d.account_id = a.id
        LEFT JOIN (SELECT account_id, sum(amount) s FROM ledger.postings GROUP BY 1) p ON p.account_id = a.id
       WHERE a.total + coalesce(d.s, 0) <> coalesce(p.s, 0) LIMIT 5`);
    for (const r of drift.rows) problems.push(`account ${r.id}: balance ${r.balance} but postings sum to ${r.postings}`);
    const overdrawn = await db.query(`
      SELECT a.id, a.total + coalesce((SELECT sum(amount) FROM ledger.balance_deltas d WHERE d.account_id = a.id), 0) - a.held AS available
        FROM ledger.accounts a WHERE a.floor_rule = 'available_non_negative'
         AND a.total + coalesce((SELECT sum(amount) FROM ledger.balance_deltas d WHERE d.account_id = a.id), 0) - a.held < 0 LIMIT 5`);
    for (const r of overdrawn.rows) problems.push(`account ${r.id} has available ${r.available}`);
    const held = await db.query(`
      SELECT a.id, a.held, coalesce(h.s, 0) AS holds FROM ledger.accounts a
        LEFT JOIN (SELECT account_id, sum(amount - captured - released) s FROM ledger.holds GROUP BY 1) h ON h.account_id = a.id
       WHERE a.held <> coalesce(h.s, 0) LIMIT 5`);
    for (const r of held.rows) problems.push(`account ${r.id} holds ${r.held} but its holds keep ${r.holds}`);
    return problems;
  } finally {
    await db.end();
  }
}

export async function transactionCount(databaseUrl: string, merchants: string[]): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const r = await db.query(`SELECT count(*)::int AS n FROM ledger.transactions WHERE merchant_id = ANY($1)`, [merchants]);
    return r.rows[0].n as number;
  } finally {
    await db.end();
  }
}
